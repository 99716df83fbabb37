package io.flashsale.snapup;

import java.time.Duration;

import io.flashsale.shared.KeyedRateLimit;
import io.flashsale.shared.RateLimitBuckets;
import io.flashsale.shared.UserId;
import org.springframework.stereotype.Component;

/**
 * Token buckets per user and per client address ({@link KeyedRateLimit}), kept in Redis so that a limit means the
 * same behind a load balancer with any number of instances. Both buckets are asked at once: the snap-up path waits
 * for one Redis round trip pair, not two.
 */
@Component
class RateLimits {

    private final KeyedRateLimit<UserId> users;
    private final KeyedRateLimit<String> addresses;

    RateLimits(SnapUpSettings settings, RateLimitBuckets buckets) {
        this.users = buckets.limit("snapup-user", settings.rateLimitPerUser(), Duration.ofSeconds(1));
        this.addresses = buckets.limit("snapup-address", settings.rateLimitPerIp(), Duration.ofSeconds(1));
    }

    /** Takes a token for the buyer and for the address, or refuses (RATE_LIMITED) with when to come back. */
    void check(UserId buyer, String address) {
        var user = users.takeLater(buyer);
        var fromAddress = addresses.takeLater(address);
        users.judge(user, "Too many snap-up attempts from this account");
        addresses.judge(fromAddress, "Too many snap-up attempts from this address");
    }
}
