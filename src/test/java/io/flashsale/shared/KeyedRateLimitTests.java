package io.flashsale.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** A limit kept in Redis: two instances, each with its own connection, spend one bucket together. */
class KeyedRateLimitTests {

    private final RedisBuckets redis = RedisBuckets.shared();

    @Test
    void twoInstancesShareOneBucket() {
        String name = "test-" + UUID.randomUUID();
        KeyedRateLimit<String> one = redis.buckets().limit(name, 4, Duration.ofMinutes(1));
        KeyedRateLimit<String> other = redis.otherBuckets().limit(name, 4, Duration.ofMinutes(1));
        one.take("buyer", "Too many");
        other.take("buyer", "Too many");
        one.take("buyer", "Too many");
        other.take("buyer", "Too many");

        DomainException refused = catchThrowableOfType(DomainException.class, () -> one.take("buyer", "Too many"));
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive()
                .isLessThanOrEqualTo(Duration.ofSeconds(15)));
        assertThat(catchThrowableOfType(DomainException.class, () -> other.take("buyer", "Too many"))).isNotNull();
        assertThatCode(() -> other.take("another buyer", "Too many")).doesNotThrowAnyException();
    }

    @Test
    void aTokenGivenBackByOneInstanceCanBeTakenByTheOther() {
        String name = "test-" + UUID.randomUUID();
        KeyedRateLimit<String> one = redis.buckets().limit(name, 1, Duration.ofMinutes(1));
        KeyedRateLimit<String> other = redis.otherBuckets().limit(name, 1, Duration.ofMinutes(1));
        one.take("account", "Too many");
        assertThat(catchThrowableOfType(DomainException.class, () -> other.take("account", "Too many"))).isNotNull();

        one.giveBack("account");

        assertThatCode(() -> other.take("account", "Too many")).doesNotThrowAnyException();
    }
}
