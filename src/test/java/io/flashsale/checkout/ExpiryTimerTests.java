package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.flashsale.shared.Messaging;
import org.junit.jupiter.api.Test;

/** Which hold queue a deadline goes to: the longest tier that does not pass it. */
class ExpiryTimerTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.250Z");

    @Test
    void aWaitGoesToTheLongestTierThatDoesNotPassTheDeadline() {
        assertThat(ExpiryTimer.tier(NOW, NOW.plusSeconds(60))).isEqualTo(Duration.ofSeconds(32));
        assertThat(ExpiryTimer.tier(NOW, NOW.plusSeconds(28))).isEqualTo(Duration.ofSeconds(16));
        assertThat(ExpiryTimer.tier(NOW, NOW.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(ExpiryTimer.tier(NOW, NOW.plusSeconds(86_400))).isEqualTo(Duration.ofSeconds(65_536));
    }

    @Test
    void aDeadlineDueOrPassedStillWaitsTheShortestTier() {
        assertThat(ExpiryTimer.tier(NOW, NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ExpiryTimer.tier(NOW, NOW.minusSeconds(5))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void everyHoldTimeAnOperatorMayChooseFitsAFixedSetOfQueues() {
        assertThat(Messaging.HOLD_TIERS).hasSize(17);
        for (long seconds = 1; seconds <= 2 * 86_400; seconds += 997) {
            Instant deadline = NOW.plusSeconds(seconds);
            Instant at = NOW;
            int hops = 0;
            while (at.isBefore(deadline.minusMillis(999))) { // a hop lands at most a second before, then one more
                at = at.plus(ExpiryTimer.tier(at, deadline));
                hops++;
            }
            assertThat(at).as("%d s", seconds).isBeforeOrEqualTo(deadline.plusSeconds(1));
            assertThat(hops).as("%d s", seconds).isLessThanOrEqualTo(18);
        }
    }
}
