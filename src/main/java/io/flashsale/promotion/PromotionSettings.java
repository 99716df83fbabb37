package io.flashsale.promotion;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of promotions ({@code flashsale.promotion.*}).
 *
 * @param defaultCurrency the currency (ISO 4217) of a promotion created without one; the prices of every promotion
 *     made before currencies existed were euros
 */
@Validated
@ConfigurationProperties("flashsale.promotion")
record PromotionSettings(@Pattern(regexp = "[A-Z]{3}") @DefaultValue("EUR") String defaultCurrency) {
}
