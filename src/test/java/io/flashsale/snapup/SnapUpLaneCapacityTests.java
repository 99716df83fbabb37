package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What the lane says this instance can take a second: its limit over the snap-ups' average latency. */
class SnapUpLaneCapacityTests {

    private static SnapUpLane lane(int limit) {
        SnapUpLaneSettings settings = new SnapUpLaneSettings(SnapUpLaneSettings.Algorithm.FIXED, limit, 1, limit,
                Duration.ofSeconds(1), Duration.ZERO, 1);
        return new SnapUpLane(settings, null, new SimpleMeterRegistry());
    }

    @Test
    void beforeAnySnapUpTheLatencyIsTheCautiousGuess() {
        assertThat(lane(40).perSecond()).isCloseTo(40 / SnapUpLane.ASSUMED_LATENCY_SECONDS, within(1e-6));
    }

    @Test
    void theCapacityIsTheLimitOverTheSnapUpsAverageLatency() {
        SnapUpLane lane = lane(40);
        for (int i = 0; i < 400; i++) {
            lane.answered(0.020);
        }
        assertThat(lane.perSecond()).isCloseTo(2_000, within(1.0));
        for (int i = 0; i < 400; i++) {
            lane.answered(0.005);
        }
        assertThat(lane.perSecond()).isCloseTo(8_000, within(4.0));
    }

    @Test
    void veryFastAnswersPromiseNoMoreThanTheLeastLatencyAllows() {
        SnapUpLane lane = lane(40);
        for (int i = 0; i < 1_000; i++) {
            lane.answered(0.000_01);
        }
        assertThat(lane.perSecond()).isEqualTo(40 / SnapUpLane.LEAST_LATENCY_SECONDS);
    }
}
