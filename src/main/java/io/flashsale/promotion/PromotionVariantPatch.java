package io.flashsale.promotion;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.promotion.PromotionVariantRequest.Limits;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** An operator's change to a promotion variant: absent fields stay as they are. */
record PromotionVariantPatch(
        @Positive Long variantId,
        @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 1000) @Pattern(regexp = Limits.IMAGE_URL, message = Limits.IMAGE_URL_MESSAGE) String imageUrl,
        @DecimalMin("0.00") @Digits(integer = 10, fraction = 2)
        @Schema(type = "string", format = "decimal", example = "1999.00") BigDecimal price,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Digits(integer = 1, fraction = 4)
        BigDecimal discountRate,
        @Min(0) @Max(Limits.MAX_STOCK) Integer stock,
        @Min(1) @Max(Limits.MAX_QUANTITY_LIMIT) Integer quantityLimit,
        @Min(Limits.MIN_HOLD_SECONDS) @Max(Limits.MAX_HOLD_SECONDS) Integer holdSeconds,
        Instant startsAt,
        Instant endsAt,
        Boolean enabled,
        @Min(0) @Max(Limits.MAX_STOCK) Integer maxUnpaidPerAddress,
        @Min(0) @Max(Limits.MAX_HOLD_SECONDS) Integer abandonCoolDownSeconds) {
}
