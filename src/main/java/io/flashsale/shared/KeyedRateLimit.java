package io.flashsale.shared;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import org.springframework.dao.QueryTimeoutException;

/**
 * A token bucket (Bucket4j) per key — an account, a client address — kept in Redis ({@link RateLimitBuckets}), so
 * every instance spends the same tokens: {@code capacity} tokens, refilled greedily over {@code period}. A capacity of
 * 0 turns the limit off. Made by {@link RateLimitBuckets#limit}.
 *
 * @param <K> what the limit is per (its {@code toString()} is the bucket's key)
 */
public final class KeyedRateLimit<K> {

    private final RateLimitBuckets buckets;
    private final String prefix;
    private final int capacity;
    private final BucketConfiguration configuration;

    KeyedRateLimit(RateLimitBuckets buckets, String prefix, int capacity, Duration period) {
        this.buckets = buckets;
        this.prefix = prefix;
        this.capacity = capacity;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(Math.max(capacity, 1)).refillGreedy(Math.max(capacity, 1), period))
                .build();
    }

    /**
     * Takes a token for the key, or refuses with 429 {@code RATE_LIMITED} and when to come back.
     *
     * @param tooMany the refusal's first words, e.g. "Too many sign-in attempts from this address"
     */
    public void take(K key, String tooMany) {
        judge(takeLater(key), tooMany);
    }

    /**
     * Starts taking a token for the key (one Redis round trip or two, under way while the caller does the next
     * thing); {@link #judge} refuses if there was none. Null while the limit is off.
     */
    public CompletableFuture<ConsumptionProbe> takeLater(K key) {
        if (capacity <= 0) {
            return null;
        }
        return bucket(key).tryConsumeAndReturnRemaining(1);
    }

    /** Refuses with 429 {@code RATE_LIMITED} when the token of {@link #takeLater} was not there. */
    public void judge(CompletableFuture<ConsumptionProbe> taken, String tooMany) {
        if (taken == null) {
            return;
        }
        ConsumptionProbe probe;
        try {
            probe = taken.join();
        } catch (CompletionException e) {
            throw new QueryTimeoutException("Rate limit not readable: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            throw new QueryTimeoutException("Rate limit not readable: " + e, e);
        }
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
            throw new DomainException(DomainException.Kind.THROTTLED, "RATE_LIMITED",
                    tooMany + "; try again in " + seconds + " s.", Duration.ofSeconds(seconds));
        }
    }

    /** Gives back a token taken for the key (never beyond the capacity), for an attempt that should not count. */
    public void giveBack(K key) {
        if (capacity > 0) {
            bucket(key).addTokens(1).join();
        }
    }

    private AsyncBucketProxy bucket(K key) {
        return buckets.buckets().getProxy(prefix + key, () -> CompletableFuture.completedFuture(configuration));
    }
}
