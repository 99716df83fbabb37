package io.flashsale.promotion;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the promotion module ({@code flashsale.promotion.*}).
 *
 * @param liveStateRetention how long a sale's Redis keys outlive the end of the sale and its last hold
 * @param reconcileInterval how often every current sale's live state is checked against the database
 * @param stockChannel the Redis pub/sub channel on which scripts announce a sale sold out ({@code out:ID}) or back
 *     in stock ({@code in:ID})
 */
@Validated
@ConfigurationProperties("flashsale.promotion")
record PromotionSettings(
        @NotNull @DefaultValue("P1D") Duration liveStateRetention,
        @NotNull @DefaultValue("PT10S") Duration reconcileInterval,
        @NotBlank @DefaultValue("flashsale:stock") String stockChannel) {
}
