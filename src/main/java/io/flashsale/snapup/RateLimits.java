package io.flashsale.snapup;

import java.time.Duration;

import io.flashsale.shared.KeyedRateLimit;
import io.flashsale.shared.UserId;
import org.springframework.stereotype.Component;

/**
 * Token buckets per user and per client address ({@link KeyedRateLimit}), kept in this instance's memory so the
 * snap-up path spends no Redis round trip on them; behind a load balancer each instance allows its share. Idle
 * buckets are evicted.
 */
@Component
class RateLimits {

    private final KeyedRateLimit<UserId> users;
    private final KeyedRateLimit<String> addresses;

    RateLimits(SnapUpSettings settings) {
        this.users = perSecond(settings.rateLimitPerUser(), settings);
        this.addresses = perSecond(settings.rateLimitPerIp(), settings);
    }

    /** Takes a token for the buyer and for the address, or refuses (RATE_LIMITED) with when to come back. */
    void check(UserId buyer, String address) {
        users.take(buyer, "Too many snap-up attempts from this account");
        addresses.take(address, "Too many snap-up attempts from this address");
    }

    private static <K> KeyedRateLimit<K> perSecond(int perSecond, SnapUpSettings settings) {
        return new KeyedRateLimit<>(perSecond, Duration.ofSeconds(1), settings.rateLimitIdle(),
                settings.rateLimitTracked());
    }
}
