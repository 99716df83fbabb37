package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.UserId;
import org.junit.jupiter.api.Test;

class RateLimitsTests {

    @Test
    void limitsOneAddressAcrossManyUsers() {
        RateLimits limits = new RateLimits(settings(0, 3));
        for (long user = 1; user <= 3; user++) {
            UserId buyer = UserId.of(user);
            assertThatCode(() -> limits.check(buyer, "10.0.0.1")).doesNotThrowAnyException();
        }
        DomainException refused = catchThrowableOfType(DomainException.class,
                () -> limits.check(UserId.of(4), "10.0.0.1"));

        assertThat(refused.kind()).isEqualTo(DomainException.Kind.THROTTLED);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
        assertThatCode(() -> limits.check(UserId.of(4), "10.0.0.2")).doesNotThrowAnyException();
    }

    @Test
    void limitsOneUserAcrossAddresses() {
        RateLimits limits = new RateLimits(settings(2, 0));
        limits.check(UserId.of(7), "10.0.0.1");
        limits.check(UserId.of(7), "10.0.0.2");
        assertThat(catchThrowableOfType(DomainException.class, () -> limits.check(UserId.of(7), "10.0.0.3")).code())
                .isEqualTo("RATE_LIMITED");
        assertThatCode(() -> limits.check(UserId.of(8), "10.0.0.3")).doesNotThrowAnyException();
    }

    @Test
    void zeroTurnsALimitOff() {
        RateLimits limits = new RateLimits(settings(0, 0));
        assertThatCode(() -> {
            for (int i = 0; i < 1_000; i++) {
                limits.check(UserId.of(1), "10.0.0.1");
            }
        }).doesNotThrowAnyException();
    }

    private static SnapUpSettings settings(int perUser, int perIp) {
        return new SnapUpSettings(perUser, perIp, Duration.ofMinutes(2), 1_000, Duration.ofSeconds(5), 10);
    }
}
