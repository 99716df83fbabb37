package io.flashsale.snapup;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the snap-up path ({@code flashsale.snapup.*}). The two rate limits have their defaults in
 * {@code application.yml}, where the deployer's {@code FLASHSALE_RATE_LIMIT_PER_USER} and
 * {@code FLASHSALE_RATE_LIMIT_PER_IP} set them.
 *
 * @param rateLimitPerUser snap-up requests a second one user may make, with a burst of the same size; 0 is off
 * @param rateLimitPerIp snap-up requests a second from one client address, with a burst of the same size; 0 is off
 * @param confirmTimeout how long to wait for the broker's confirm before refusing with 503
 * @param publishDeadline how long after its admission a checkout's publish may be confirmed at the latest, whatever
 *     it waited for (Redis, a channel, a connection, the confirm); later, it is undone and refused with 503. Shorter
 *     than {@code flashsale.stock.reap-after-drained}, so the reaper never takes a message still on its way for none
 * @param maxQuantity the most units one snap-up may ask for
 */
@Validated
@ConfigurationProperties("flashsale.snapup")
record SnapUpSettings(
        @Min(0) int rateLimitPerUser,
        @Min(0) int rateLimitPerIp,
        @NotNull @DefaultValue("PT5S") Duration confirmTimeout,
        @NotNull @DefaultValue("PT10S") Duration publishDeadline,
        @Min(1) @DefaultValue("10") int maxQuantity) {
}
