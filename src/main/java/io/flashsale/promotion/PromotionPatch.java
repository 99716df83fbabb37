package io.flashsale.promotion;

import java.time.Instant;

import io.flashsale.promotion.PromotionVariantRequest.Limits;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An operator's change to a promotion: absent fields stay as they are. A window given (either end) is set on every
 * one of its variants.
 */
record PromotionPatch(
        @Size(max = 200) String name,
        @Positive Long productId,
        @Size(max = 2000) String description,
        @Size(max = 1000) @Pattern(regexp = Limits.IMAGE_URL, message = Limits.IMAGE_URL_MESSAGE) String imageUrl,
        @Pattern(regexp = Limits.CURRENCY, message = Limits.CURRENCY_MESSAGE) String currency,
        Instant startsAt,
        Instant endsAt) {
}
