package io.flashsale.promotion;

import java.math.BigDecimal;
import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * An operator's new promotion variant.
 *
 * @param maxUnpaidPerAddress units that checkouts from one client address may hold unpaid at once; 0 (also when
 *     absent) is no bound
 * @param abandonCoolDownSeconds how long an account whose checkout ended unpaid (expired or cancelled) waits before
 *     it may snap up this promotion variant again; 0 is no wait (absent: 60)
 * @param currency ISO 4217, of the promotion of one created for it (absent: the default currency)
 * @param stockBuckets how many buckets (Redis hash tags, so Redis Cluster shards) its live stock is split over, 1 –
 *     16 (absent: 1); fixed once created
 */
record PromotionVariantRequest(
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
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        Boolean enabled,
        @Min(0) @Max(Limits.MAX_STOCK) Integer maxUnpaidPerAddress,
        @Min(0) @Max(Limits.MAX_HOLD_SECONDS) Integer abandonCoolDownSeconds,
        @Pattern(regexp = Limits.CURRENCY, message = Limits.CURRENCY_MESSAGE) String currency,
        @Min(1) @Max(Limits.MAX_STOCK_BUCKETS) Integer stockBuckets) {

    /** A request without a currency: the promotion of one gets the default. */
    PromotionVariantRequest(Long variantId, String name, String description, String imageUrl, BigDecimal price,
            BigDecimal discountRate, Integer stock, Integer quantityLimit, Integer holdSeconds, Instant startsAt,
            Instant endsAt, Boolean enabled, Integer maxUnpaidPerAddress, Integer abandonCoolDownSeconds) {
        this(variantId, name, description, imageUrl, price, discountRate, stock, quantityLimit, holdSeconds, startsAt,
                endsAt, enabled, maxUnpaidPerAddress, abandonCoolDownSeconds, null, null);
    }

    /** The bounds shared by creating and patching a promotion variant. */
    static final class Limits {
        static final String IMAGE_URL = "^(https?://|/)\\S*$";
        static final String IMAGE_URL_MESSAGE = "must be an http(s) URL or an absolute path";
        static final String CURRENCY = "[A-Z]{3}";
        static final String CURRENCY_MESSAGE = "must be an ISO 4217 currency code in capitals, e.g. EUR";
        static final int MAX_VARIANTS = 50;
        static final long MAX_STOCK = 100_000_000;
        static final long MAX_QUANTITY_LIMIT = 1_000;
        static final long MIN_HOLD_SECONDS = 10;
        static final long MAX_HOLD_SECONDS = 86_400;
        static final int DEFAULT_MAX_UNPAID_PER_ADDRESS = 0;
        static final int DEFAULT_ABANDON_COOL_DOWN_SECONDS = 60;
        static final long MAX_STOCK_BUCKETS = 16;

        private Limits() {
        }
    }
}
