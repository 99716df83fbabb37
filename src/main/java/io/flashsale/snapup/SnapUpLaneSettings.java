package io.flashsale.snapup;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The snap-up lane's concurrency limit ({@code flashsale.snapup.lane.*}): how many snap-ups this instance works on
 * at once; the excess is answered {@code 429 RATE_LIMITED} at once (see {@link SnapUpLane}).
 *
 * @param algorithm how the limit moves: {@code GRADIENT2} (the default) and {@code VEGAS} adapt it between
 *     {@code minLimit} and {@code maxLimit} to the snap-ups' own latency; {@code FIXED} keeps {@code initialLimit}
 * @param initialLimit the limit at start-up, and the whole limit under {@code FIXED}
 * @param minLimit the adaptive limit never goes below this
 * @param maxLimit the adaptive limit never goes above this
 * @param retryAfter what a shed snap-up's {@code Retry-After} says (whole seconds)
 * @param maxWait how long a snap-up that finds the lane full may wait for a place before it is shed (0: shed at
 *     once); the newest waiter gets the next place, so under overload the ones served wait least
 * @param backlog how many snap-ups may wait at once; beyond it they are shed at once
 */
@Validated
@ConfigurationProperties("flashsale.snapup.lane")
record SnapUpLaneSettings(
        @NotNull @DefaultValue("GRADIENT2") Algorithm algorithm,
        @Min(1) @DefaultValue("64") int initialLimit,
        @Min(1) @DefaultValue("64") int minLimit,
        @Min(1) @DefaultValue("256") int maxLimit,
        @NotNull @DefaultValue("PT1S") Duration retryAfter,
        @NotNull @DefaultValue("PT0.04S") Duration maxWait,
        @Min(1) @DefaultValue("1024") int backlog) {

    enum Algorithm { GRADIENT2, VEGAS, FIXED }

    @AssertTrue(message = "min-limit <= initial-limit <= max-limit")
    boolean isOrdered() {
        return minLimit <= initialLimit && initialLimit <= maxLimit;
    }

    @AssertTrue(message = "retry-after must be a whole number of seconds, at least 1")
    boolean isRetryAfterWholeSeconds() {
        return retryAfter == null || (retryAfter.toSeconds() >= 1 && retryAfter.toMillis() % 1000 == 0);
    }
}
