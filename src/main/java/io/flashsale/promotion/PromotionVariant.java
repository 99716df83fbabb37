package io.flashsale.promotion;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.StockTerms;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A product variant on sale: the aggregate operators edit. {@code reserved} and {@code sold} move only by SQL. */
@Entity
@Table(name = "promotion_variant")
class PromotionVariant {

    /** The window a promotion variant may be set in: what every database column and epoch-millisecond field holds. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "promotion_id", nullable = false, updatable = false)
    private long promotionId;

    @Column(name = "variant_id", nullable = false)
    private long variantId;

    @Column(nullable = false)
    private String name;

    private String description;

    @Column(name = "image_url")
    private String imageUrl;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal price;

    @Column(name = "discount_rate", nullable = false, precision = 5, scale = 4)
    private BigDecimal discountRate;

    @Column(nullable = false)
    private int stock;

    @Column(nullable = false, insertable = false, updatable = false)
    private int reserved;

    @Column(nullable = false, insertable = false, updatable = false)
    private int sold;

    @Column(name = "quantity_limit", nullable = false)
    private int quantityLimit;

    @Column(name = "hold_seconds", nullable = false)
    private int holdSeconds;

    @Column(name = "max_unpaid_per_address", nullable = false)
    private int maxUnpaidPerAddress;

    @Column(name = "abandon_cool_down_seconds", nullable = false)
    private int abandonCoolDownSeconds;

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    private Instant endsAt;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "stock_buckets", nullable = false, updatable = false)
    private int stockBuckets = 1;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PromotionVariant() {
    }

    /** A new promotion variant of the given promotion. */
    static PromotionVariant create(PromotionVariantRequest request, long promotionId, Instant now) {
        PromotionVariant variant = new PromotionVariant();
        variant.promotionId = promotionId;
        variant.variantId = request.variantId();
        variant.name = request.name().strip();
        variant.description = request.description();
        variant.imageUrl = request.imageUrl();
        variant.price = request.price();
        variant.discountRate = request.discountRate();
        variant.stock = request.stock();
        variant.quantityLimit = request.quantityLimit();
        variant.holdSeconds = request.holdSeconds();
        variant.maxUnpaidPerAddress = request.maxUnpaidPerAddress() != null ? request.maxUnpaidPerAddress()
                : PromotionVariantRequest.Limits.DEFAULT_MAX_UNPAID_PER_ADDRESS;
        variant.abandonCoolDownSeconds = request.abandonCoolDownSeconds() != null ? request.abandonCoolDownSeconds()
                : PromotionVariantRequest.Limits.DEFAULT_ABANDON_COOL_DOWN_SECONDS;
        variant.startsAt = request.startsAt();
        variant.endsAt = request.endsAt();
        variant.enabled = request.enabled() == null || request.enabled();
        variant.stockBuckets = request.stockBuckets() != null ? request.stockBuckets() : 1;
        variant.createdAt = now;
        variant.updatedAt = now;
        variant.checkWindow();
        return variant;
    }

    /** Applies the fields present in the patch; stock may not drop below what checkouts already hold or bought. */
    void apply(PromotionVariantPatch patch, Instant now) {
        if (patch.variantId() != null) {
            variantId = patch.variantId();
        }
        if (patch.name() != null) {
            if (patch.name().isBlank()) {
                throw DomainException.invalid("name", "must not be blank");
            }
            name = patch.name().strip();
        }
        if (patch.description() != null) {
            description = patch.description();
        }
        if (patch.imageUrl() != null) {
            imageUrl = patch.imageUrl();
        }
        if (patch.price() != null) {
            price = patch.price();
        }
        if (patch.discountRate() != null) {
            discountRate = patch.discountRate();
        }
        if (patch.stock() != null) {
            if (patch.stock() < committed()) {
                throw DomainException.conflict("STOCK_BELOW_COMMITTED", "Stock can't go below the " + committed()
                        + " units already reserved or sold.");
            }
            stock = patch.stock();
        }
        if (patch.quantityLimit() != null) {
            quantityLimit = patch.quantityLimit();
        }
        if (patch.holdSeconds() != null) {
            holdSeconds = patch.holdSeconds();
        }
        if (patch.maxUnpaidPerAddress() != null) {
            maxUnpaidPerAddress = patch.maxUnpaidPerAddress();
        }
        if (patch.abandonCoolDownSeconds() != null) {
            abandonCoolDownSeconds = patch.abandonCoolDownSeconds();
        }
        if (patch.startsAt() != null) {
            startsAt = patch.startsAt();
        }
        if (patch.endsAt() != null) {
            endsAt = patch.endsAt();
        }
        if (patch.enabled() != null) {
            enabled = patch.enabled();
        }
        updatedAt = now;
        checkWindow();
    }

    /** Its promotion's window moved: so does its own. */
    void moveWindow(Instant newStartsAt, Instant newEndsAt, Instant now) {
        startsAt = newStartsAt;
        endsAt = newEndsAt;
        updatedAt = now;
        checkWindow();
    }

    /** Its fields as the API names them (money and instants as the API writes them), for the audit trail. */
    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("variantId", variantId);
        fields.put("name", name);
        fields.put("description", description);
        fields.put("imageUrl", imageUrl);
        fields.put("price", price.toPlainString());
        fields.put("discountRate", discountRate.stripTrailingZeros().toPlainString());
        fields.put("stock", stock);
        fields.put("quantityLimit", quantityLimit);
        fields.put("holdSeconds", holdSeconds);
        fields.put("startsAt", startsAt.toString());
        fields.put("endsAt", endsAt.toString());
        fields.put("enabled", enabled);
        fields.put("maxUnpaidPerAddress", maxUnpaidPerAddress);
        fields.put("abandonCoolDownSeconds", abandonCoolDownSeconds);
        fields.put("stockBuckets", stockBuckets);
        return fields;
    }

    private void checkWindow() {
        checkWindow(startsAt, endsAt);
    }

    /** A window a promotion variant (and so a promotion) may have; {@code 400 VALIDATION_FAILED} otherwise. */
    static void checkWindow(Instant startsAt, Instant endsAt) {
        if (startsAt.isBefore(EARLIEST) || startsAt.isAfter(LATEST)) {
            throw DomainException.invalid("startsAt", "must be between " + EARLIEST + " and " + LATEST);
        }
        if (endsAt.isBefore(EARLIEST) || endsAt.isAfter(LATEST)) {
            throw DomainException.invalid("endsAt", "must be between " + EARLIEST + " and " + LATEST);
        }
        if (!endsAt.isAfter(startsAt)) {
            throw DomainException.invalid("endsAt", "must be after startsAt");
        }
    }

    BigDecimal salePrice() {
        return price.multiply(discountRate).setScale(2, RoundingMode.HALF_UP);
    }

    int committed() {
        return reserved + sold;
    }

    /** The committed terms its live state follows. */
    StockTerms terms() {
        return new StockTerms(id(), version, stock, committed(), enabled, startsAt, endsAt, quantityLimit, holdSeconds,
                salePrice(), maxUnpaidPerAddress, abandonCoolDownSeconds, stockBuckets);
    }

    PromotionVariantId id() {
        return id == null ? null : PromotionVariantId.of(id);
    }

    int stockBuckets() {
        return stockBuckets;
    }

    long promotionId() {
        return promotionId;
    }

    long variantId() {
        return variantId;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    String imageUrl() {
        return imageUrl;
    }

    BigDecimal price() {
        return price;
    }

    BigDecimal discountRate() {
        return discountRate;
    }

    int stock() {
        return stock;
    }

    int reserved() {
        return reserved;
    }

    int sold() {
        return sold;
    }

    int quantityLimit() {
        return quantityLimit;
    }

    int holdSeconds() {
        return holdSeconds;
    }

    int maxUnpaidPerAddress() {
        return maxUnpaidPerAddress;
    }

    int abandonCoolDownSeconds() {
        return abandonCoolDownSeconds;
    }

    Instant startsAt() {
        return startsAt;
    }

    Instant endsAt() {
        return endsAt;
    }

    boolean enabled() {
        return enabled;
    }

    long version() {
        return version;
    }
}
