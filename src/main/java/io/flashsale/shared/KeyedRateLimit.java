package io.flashsale.shared;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A token bucket (Bucket4j) per key — an account, a client address — kept in this instance's memory: {@code capacity}
 * tokens, refilled greedily over {@code period}. Buckets unused for {@code idle} are evicted, and at most
 * {@code tracked} are kept. A capacity of 0 turns the limit off.
 *
 * @param <K> what the limit is per
 */
public final class KeyedRateLimit<K> {

    private final int capacity;
    private final Duration period;
    private final Cache<K, Bucket> buckets;

    public KeyedRateLimit(int capacity, Duration period, Duration idle, long tracked) {
        this.capacity = capacity;
        this.period = period;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(tracked).build();
    }

    /**
     * Takes a token for the key, or refuses with 429 {@code RATE_LIMITED} and when to come back.
     *
     * @param tooMany the refusal's first words, e.g. "Too many sign-in attempts from this address"
     */
    public void take(K key, String tooMany) {
        if (capacity <= 0) {
            return;
        }
        ConsumptionProbe probe = buckets.get(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
            throw new DomainException(DomainException.Kind.THROTTLED, "RATE_LIMITED",
                    tooMany + "; try again in " + seconds + " s.", Duration.ofSeconds(seconds));
        }
    }

    /** Gives back a token taken for the key (never beyond the capacity), for an attempt that should not count. */
    public void giveBack(K key) {
        Bucket bucket = capacity > 0 ? buckets.getIfPresent(key) : null;
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period)).build();
    }
}
