package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.RedisBuckets;
import io.flashsale.shared.UserId;
import org.junit.jupiter.api.Test;

/** The snap-up rate limits, on the test Redis (what two instances take together: {@code KeyedRateLimitTests}). */
class RateLimitsTests {

    private final RedisBuckets redis = RedisBuckets.shared();

    @Test
    void limitsOneAddressAcrossManyUsers() {
        RateLimits limits = new RateLimits(settings(0, 3), redis.buckets());
        String address = address();
        for (int i = 0; i < 3; i++) {
            UserId buyer = buyer();
            assertThatCode(() -> limits.check(buyer, address)).doesNotThrowAnyException();
        }
        // the bucket refills 3 tokens a second: however slow this machine, 30 more at once spend it
        DomainException refused = firstRefusal(30, () -> limits.check(buyer(), address));

        assertThat(refused.kind()).isEqualTo(DomainException.Kind.THROTTLED);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
        assertThatCode(() -> limits.check(buyer(), address())).doesNotThrowAnyException();
    }

    @Test
    void limitsOneUserAcrossAddresses() {
        RateLimits limits = new RateLimits(settings(2, 0), redis.buckets());
        UserId buyer = buyer();
        limits.check(buyer, address());
        limits.check(buyer, address());
        assertThat(firstRefusal(30, () -> limits.check(buyer, address())).code()).isEqualTo("RATE_LIMITED");
        assertThatCode(() -> limits.check(buyer(), address())).doesNotThrowAnyException();
    }

    @Test
    void zeroTurnsALimitOff() {
        RateLimits limits = new RateLimits(settings(0, 0), redis.buckets());
        assertThatCode(() -> {
            for (int i = 0; i < 1_000; i++) {
                limits.check(UserId.of(1), "10.0.0.1");
            }
        }).doesNotThrowAnyException();
    }

    private static DomainException firstRefusal(int attempts, Runnable check) {
        for (int i = 0; i < attempts; i++) {
            DomainException refused = catchThrowableOfType(DomainException.class, check::run);
            if (refused != null) {
                return refused;
            }
        }
        throw new AssertionError("none of " + attempts + " attempts refused");
    }

    private static UserId buyer() {
        return UserId.of(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    private static String address() {
        return "10." + ThreadLocalRandom.current().nextInt(1 << 24);
    }

    private static SnapUpSettings settings(int perUser, int perIp) {
        return new SnapUpSettings(perUser, perIp, Duration.ofSeconds(5), Duration.ofSeconds(10), 10);
    }
}
