package io.flashsale.notification;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the operators' live figures ({@code flashsale.notification.operations.*}).
 *
 * @param interval how often the figures are sent to {@code /topic/operations} (and the rates measured over)
 * @param expiringWithin a hold "expires soon" when its deadline falls within this from now
 */
@Validated
@ConfigurationProperties("flashsale.notification.operations")
record OperationsFiguresSettings(
        @NotNull @DefaultValue("PT1S") Duration interval,
        @NotNull @DefaultValue("PT1M") Duration expiringWithin) {

    @AssertTrue(message = "the interval and the expiring window must be positive")
    boolean isPositive() {
        return interval.isPositive() && expiringWithin.isPositive();
    }
}
