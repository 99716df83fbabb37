package io.flashsale.promotion;

import java.time.Instant;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the API shows of a promotion: the operator's view with every variant, and the buyer's with the shown ones. */
final class PromotionViews {

    private PromotionViews() {
    }

    @Schema(name = "AdminPromotion")
    record Admin(long id, String name, String type, long productId, @Schema(types = {"string", "null"}) String description,
            @Schema(types = {"string", "null"}) String imageUrl,
            String currency, Instant startsAt, Instant endsAt, Instant createdAt,
            List<PromotionVariantViews.Admin> variants) {

        static Admin of(Promotion p, List<PromotionVariantViews.Admin> variants) {
            return new Admin(p.id(), p.name(), p.type(), p.productId(), p.description(), p.imageUrl(), p.currency(),
                    p.startsAt(), p.endsAt(), p.createdAt(), variants);
        }
    }

    /** @param variants its enabled promotion variants, each with what is still available */
    @Schema(name = "Promotion")
    record Public(long id, String name, String type, long productId, @Schema(types = {"string", "null"}) String description,
            @Schema(types = {"string", "null"}) String imageUrl,
            String currency, Instant startsAt, Instant endsAt, List<PromotionVariantViews.Public> variants) {

        static Public of(Promotion p, List<PromotionVariantViews.Public> variants) {
            return new Public(p.id(), p.name(), p.type(), p.productId(), p.description(), p.imageUrl(), p.currency(),
                    p.startsAt(), p.endsAt(), variants);
        }
    }
}
