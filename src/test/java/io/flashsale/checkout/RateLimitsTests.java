package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import io.flashsale.shared.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class RateLimitsTests {

    @Test
    void limitsOneAddressAcrossManyUsers() {
        RateLimits limits = new RateLimits(settings(0, 3));
        for (long user = 1; user <= 3; user++) {
            long buyer = user;
            assertThatCode(() -> limits.check(buyer, "10.0.0.1")).doesNotThrowAnyException();
        }
        ApiException refused = catchThrowableOfType(ApiException.class, () -> limits.check(4, "10.0.0.1"));

        assertThat(refused.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThatCode(() -> limits.check(4, "10.0.0.2")).doesNotThrowAnyException();
    }

    @Test
    void limitsOneUserAcrossAddresses() {
        RateLimits limits = new RateLimits(settings(2, 0));
        limits.check(7, "10.0.0.1");
        limits.check(7, "10.0.0.2");
        assertThat(catchThrowableOfType(ApiException.class, () -> limits.check(7, "10.0.0.3")).code())
                .isEqualTo("RATE_LIMITED");
        assertThatCode(() -> limits.check(8, "10.0.0.3")).doesNotThrowAnyException();
    }

    @Test
    void zeroTurnsALimitOff() {
        RateLimits limits = new RateLimits(settings(0, 0));
        for (int i = 0; i < 1_000; i++) {
            limits.check(1, "10.0.0.1");
        }
    }

    private static CheckoutSettings settings(int perUser, int perIp) {
        return new CheckoutSettings(perUser, perIp, Duration.ofSeconds(5), 10, Duration.ofDays(1));
    }
}
