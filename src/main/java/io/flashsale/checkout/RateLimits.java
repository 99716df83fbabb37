package io.flashsale.checkout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.flashsale.shared.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Token buckets per user and per client address (Bucket4j), kept in this instance's memory so the snap-up path
 * spends no Redis round trip on them; behind a load balancer each instance allows its share. Idle buckets are
 * evicted.
 */
@Component
class RateLimits {

    private static final Duration IDLE = Duration.ofMinutes(2);
    private static final long MAX_TRACKED = 2_000_000;

    private final int perUser;
    private final int perIp;
    private final Cache<Long, Bucket> users = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(MAX_TRACKED)
            .build();
    private final Cache<String, Bucket> addresses = Caffeine.newBuilder().expireAfterAccess(IDLE)
            .maximumSize(MAX_TRACKED).build();

    RateLimits(CheckoutSettings settings) {
        this.perUser = settings.rateLimitPerUser();
        this.perIp = settings.rateLimitPerIp();
    }

    /** Takes a token for the user and for the address, or refuses with 429 and when to come back. */
    void check(long userId, String address) {
        if (perUser > 0) {
            take(users.get(userId, id -> bucket(perUser)), "this account");
        }
        if (perIp > 0) {
            take(addresses.get(address, a -> bucket(perIp)), "this address");
        }
    }

    private static void take(Bucket bucket, String who) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                    "Too many snap-up attempts from " + who + "; try again in " + seconds + " s.")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
    }

    private static Bucket bucket(int perSecond) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }
}
