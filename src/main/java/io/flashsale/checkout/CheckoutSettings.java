package io.flashsale.checkout;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the snap-up path ({@code flashsale.checkout.*}).
 *
 * @param rateLimitPerUser snap-up requests a second one user may make, with a burst of the same size; 0 is off
 * @param rateLimitPerIp snap-up requests a second from one client address, with a burst of the same size; 0 is off
 * @param confirmTimeout how long to wait for the broker's confirm before refusing with 503
 * @param maxQuantity the most units one snap-up may ask for
 * @param undoneRetention how long a refused checkout is remembered, so a late copy of its message creates nothing
 */
@Validated
@ConfigurationProperties("flashsale.checkout")
record CheckoutSettings(
        @Min(0) @DefaultValue("5") int rateLimitPerUser,
        @Min(0) @DefaultValue("200") int rateLimitPerIp,
        @NotNull @DefaultValue("PT5S") Duration confirmTimeout,
        @Min(1) @DefaultValue("10") int maxQuantity,
        @NotNull @DefaultValue("P1D") Duration undoneRetention) {
}
