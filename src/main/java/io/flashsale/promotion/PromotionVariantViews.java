package io.flashsale.promotion;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.LiveStock;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the API shows of a promotion variant: the operator's full view, and the buyer's. */
final class PromotionVariantViews {

    private PromotionVariantViews() {
    }

    @Schema(name = "AdminPromotionVariant")
    record Admin(
            PromotionVariantId id, long variantId, String name, @Schema(types = {"string", "null"}) String description,
            @Schema(types = {"string", "null"}) String imageUrl,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
            BigDecimal discountRate,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal salePrice,
            int stock, int quantityLimit, int holdSeconds, Instant startsAt, Instant endsAt, boolean enabled,
            int maxUnpaidPerAddress, int abandonCoolDownSeconds, int stockBuckets, Stats stats, long promotionId,
            String currency) {

        static Admin of(PromotionVariant v, LiveStock.Figures live, Promotion promotion) {
            return new Admin(v.id(), v.variantId(), v.name(), v.description(), v.imageUrl(), v.price(),
                    v.discountRate().stripTrailingZeros(), v.salePrice(), v.stock(), v.quantityLimit(), v.holdSeconds(), v.startsAt(),
                    v.endsAt(), v.enabled(), v.maxUnpaidPerAddress(), v.abandonCoolDownSeconds(), v.stockBuckets(),
                    new Stats(v.stock(), live.available(), v.reserved(), v.sold(), live.queued()), v.promotionId(),
                    promotion.currency());
        }
    }

    /**
     * @param available what Redis can still admit
     * @param queued checkouts admitted and not yet written to the database
     */
    @Schema(name = "PromotionVariantStats")
    record Stats(int stock, long available, int reserved, int sold, long queued) {
    }

    @Schema(name = "PromotionVariant")
    record Public(
            PromotionVariantId id, String name, @Schema(types = {"string", "null"}) String description, @Schema(types = {"string", "null"}) String imageUrl,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal price,
            BigDecimal discountRate,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal salePrice,
            int quantityLimit, Instant startsAt, Instant endsAt, long available, long promotionId,
            String promotionName, String currency) {

        static Public of(PromotionVariant v, long available, Promotion promotion) {
            return new Public(v.id(), v.name(), v.description(), v.imageUrl(), v.price(),
                    v.discountRate().stripTrailingZeros(), v.salePrice(), v.quantityLimit(), v.startsAt(), v.endsAt(), available,
                    v.promotionId(), promotion.name(), promotion.currency());
        }
    }
}
