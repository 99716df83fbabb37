package io.flashsale.snapup;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.UserId;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

/**
 * Token buckets per user and per client address (Bucket4j), kept in this instance's memory so the snap-up path
 * spends no Redis round trip on them; behind a load balancer each instance allows its share. Idle buckets are
 * evicted.
 */
@Component
class RateLimits {

    private final int perUser;
    private final int perIp;
    private final Cache<UserId, Bucket> users;
    private final Cache<String, Bucket> addresses;

    RateLimits(SnapUpSettings settings) {
        this.perUser = settings.rateLimitPerUser();
        this.perIp = settings.rateLimitPerIp();
        this.users = Caffeine.newBuilder().expireAfterAccess(settings.rateLimitIdle())
                .maximumSize(settings.rateLimitTracked()).build();
        this.addresses = Caffeine.newBuilder().expireAfterAccess(settings.rateLimitIdle())
                .maximumSize(settings.rateLimitTracked()).build();
    }

    /** Takes a token for the buyer and for the address, or refuses (RATE_LIMITED) with when to come back. */
    void check(UserId buyer, String address) {
        if (perUser > 0) {
            take(users.get(buyer, id -> bucket(perUser)), "this account");
        }
        if (perIp > 0) {
            take(addresses.get(address, a -> bucket(perIp)), "this address");
        }
    }

    private static void take(Bucket bucket, String who) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
            throw new DomainException(DomainException.Kind.THROTTLED, "RATE_LIMITED",
                    "Too many snap-up attempts from " + who + "; try again in " + seconds + " s.",
                    Duration.ofSeconds(seconds));
        }
    }

    private static Bucket bucket(int perSecond) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }
}
