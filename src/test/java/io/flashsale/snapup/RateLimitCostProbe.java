package io.flashsale.snapup;

import java.time.Duration;

import io.flashsale.shared.RedisBuckets;
import io.flashsale.shared.UserId;
import org.junit.jupiter.api.Test;

class RateLimitCostProbe {

    @Test
    void measure() {
        RedisBuckets redis = RedisBuckets.shared();
        RateLimits limits = new RateLimits(new SnapUpSettings(5, 200, Duration.ofSeconds(5), 10), redis.buckets());
        RateLimits off = new RateLimits(new SnapUpSettings(0, 0, Duration.ofSeconds(5), 10), redis.buckets());
        for (int i = 0; i < 500; i++) { // warm-up
            limits.check(UserId.of(9_000_000 + i), "10.9." + i);
            redis.template().hasKey("x");
        }
        for (int round = 0; round < 3; round++) {
            int n = 3_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                limits.check(UserId.of(10_000_000L * (round + 1) + i), "10.8." + round + "." + i);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                redis.template().hasKey("x");
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                off.check(UserId.of(i), "10.7." + i);
            }
            long t3 = System.nanoTime();
            System.out.printf("PROBE round %d: check (both buckets) %.1f us, one Redis round trip (EXISTS) %.1f us,"
                    + " limits off %.2f us%n", round, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n, (t3 - t2) / 1e3 / n);
        }
    }
}
