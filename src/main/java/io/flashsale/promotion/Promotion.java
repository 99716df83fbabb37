package io.flashsale.promotion;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.flashsale.shared.DomainException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A promotion (a campaign): one product on sale, with one or more promotion variants. Its window is always the span
 * of its variants' windows; setting it sets theirs. Its currency is every variant's price's, and is fixed once the
 * promotion has started (checkouts' prices are in it).
 */
@Entity
@Table(name = "promotion")
class Promotion {

    /** The only promotion type so far: a limited stock at a discount for a window, first come first served. */
    static final String SNAP_UP = "snap_up";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "promotion_type", nullable = false)
    private String type;

    @Column(name = "product_id", nullable = false)
    private long productId;

    private String description;

    @Column(name = "image_url")
    private String imageUrl;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    private Instant endsAt;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Promotion() {
    }

    static Promotion create(String name, long productId, String description, String imageUrl, String currency,
            Instant startsAt, Instant endsAt, Instant now) {
        PromotionVariant.checkWindow(startsAt, endsAt);
        Promotion promotion = new Promotion();
        promotion.name = name.strip();
        promotion.type = SNAP_UP;
        promotion.productId = productId;
        promotion.description = description;
        promotion.imageUrl = imageUrl;
        promotion.currency = Currencies.checked("currency", currency);
        promotion.startsAt = startsAt;
        promotion.endsAt = endsAt;
        promotion.createdAt = now;
        promotion.updatedAt = now;
        return promotion;
    }

    /**
     * Applies the fields present in the patch, except the window, which the caller moves onto every variant (and
     * then spans). The currency may change only before the promotion starts.
     */
    void apply(PromotionPatch patch, Instant now) {
        if (patch.name() != null) {
            if (patch.name().isBlank()) {
                throw DomainException.invalid("name", "must not be blank");
            }
            name = patch.name().strip();
        }
        if (patch.productId() != null) {
            productId = patch.productId();
        }
        if (patch.description() != null) {
            description = patch.description();
        }
        if (patch.imageUrl() != null) {
            imageUrl = patch.imageUrl();
        }
        if (patch.currency() != null && !patch.currency().equals(currency)) {
            String changed = Currencies.checked("currency", patch.currency());
            if (!startsAt.isAfter(now)) {
                throw DomainException.conflict("CURRENCY_FIXED",
                        "The currency can't change once the promotion has started: checkouts are priced in it.");
            }
            currency = changed;
        }
        updatedAt = now;
    }

    /** Its window becomes the span of its variants' windows. */
    void span(Collection<PromotionVariant> variants, Instant now) {
        Instant first = variants.stream().map(PromotionVariant::startsAt).min(Instant::compareTo).orElse(startsAt);
        Instant last = variants.stream().map(PromotionVariant::endsAt).max(Instant::compareTo).orElse(endsAt);
        if (!first.equals(startsAt) || !last.equals(endsAt)) {
            startsAt = first;
            endsAt = last;
            updatedAt = now;
        }
    }

    /** Its fields as the API names them, for the audit trail. */
    Map<String, Object> snapshot() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("type", type);
        fields.put("productId", productId);
        fields.put("description", description);
        fields.put("imageUrl", imageUrl);
        fields.put("currency", currency);
        fields.put("startsAt", startsAt == null ? null : startsAt.toString());
        fields.put("endsAt", endsAt == null ? null : endsAt.toString());
        return fields;
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    String type() {
        return type;
    }

    long productId() {
        return productId;
    }

    String description() {
        return description;
    }

    String imageUrl() {
        return imageUrl;
    }

    String currency() {
        return currency;
    }

    Instant startsAt() {
        return startsAt;
    }

    Instant endsAt() {
        return endsAt;
    }

    Instant createdAt() {
        return createdAt;
    }
}
