package io.flashsale.promotion;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.flashsale.promotion.PromotionVariantRequest.Limits;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An operator's new promotion with its variants, all in the promotion's window.
 *
 * @param type the promotion type; only {@code snap_up} (also when absent)
 * @param currency ISO 4217; absent: {@code flashsale.promotion.default-currency}
 */
record PromotionRequest(
        @NotBlank @Size(max = 200) String name,
        @Pattern(regexp = Promotion.SNAP_UP, message = "must be snap_up") String type,
        @NotNull @Positive Long productId,
        @Size(max = 2000) String description,
        @Size(max = 1000) @Pattern(regexp = Limits.IMAGE_URL, message = Limits.IMAGE_URL_MESSAGE) String imageUrl,
        @Pattern(regexp = Limits.CURRENCY, message = Limits.CURRENCY_MESSAGE) String currency,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        @NotEmpty @Size(max = Limits.MAX_VARIANTS) List<@Valid @NotNull Variant> variants) {

    /** One promotion variant of a new promotion (or one added to it later); its window is the promotion's. */
    @Schema(name = "PromotionVariantDraft")
    record Variant(
            @NotNull @Positive Long variantId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @Size(max = 1000) @Pattern(regexp = Limits.IMAGE_URL, message = Limits.IMAGE_URL_MESSAGE) String imageUrl,
            @NotNull @DecimalMin("0.00") @Digits(integer = 10, fraction = 2)
            @Schema(type = "string", format = "decimal", example = "1999.00") BigDecimal price,
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @Digits(integer = 1, fraction = 4)
            BigDecimal discountRate,
            @NotNull @Min(0) @Max(Limits.MAX_STOCK) Integer stock,
            @NotNull @Min(1) @Max(Limits.MAX_QUANTITY_LIMIT) Integer quantityLimit,
            @NotNull @Min(Limits.MIN_HOLD_SECONDS) @Max(Limits.MAX_HOLD_SECONDS) Integer holdSeconds,
            Boolean enabled,
            @Min(0) @Max(Limits.MAX_STOCK) Integer maxUnpaidPerAddress,
            @Min(0) @Max(Limits.MAX_HOLD_SECONDS) Integer abandonCoolDownSeconds,
            @Min(1) @Max(Limits.MAX_STOCK_BUCKETS) Integer stockBuckets) {

        /** The same as a promotion variant's own request, in the given window. */
        PromotionVariantRequest in(Instant startsAt, Instant endsAt) {
            return new PromotionVariantRequest(variantId, name, description, imageUrl, price, discountRate, stock,
                    quantityLimit, holdSeconds, startsAt, endsAt, enabled, maxUnpaidPerAddress,
                    abandonCoolDownSeconds, null, stockBuckets);
        }
    }
}
