package io.flashsale.stock;

import io.flashsale.shared.UserId;

/**
 * How one promotion variant's live stock is split into buckets, each a live state of its own under its own hash tag
 * (so, on Redis Cluster, possibly its own shard). A buyer always lands in the same bucket — chosen from their user id
 * and the number of buckets, which is fixed when the promotion variant is created — so everything kept per buyer
 * (units bought against the limit, the cool-down, the Idempotency-Keys) lives in one bucket and stays exact. Each
 * bucket has its own share of the stock; a bucket that runs dry takes part of another's ({@code move-out.lua},
 * {@code move-in.lua}), so the sale is sold out only when every bucket is.
 */
final class StockBuckets {

    /** The most buckets a promotion variant may have. */
    static final int MAX = 16;

    private StockBuckets() {
    }

    /** The bucket of a buyer's live state, among {@code buckets}. */
    static int of(UserId buyer, int buckets) {
        if (buckets <= 1) {
            return 0;
        }
        long mixed = buyer.value() * 0x9E3779B97F4A7C15L; // Fibonacci hashing: consecutive ids spread evenly
        return (int) Long.remainderUnsigned(mixed ^ (mixed >>> 32), buckets);
    }

    /**
     * Splits {@code units} over the buckets as evenly as whole units allow: the first {@code units % buckets}
     * buckets get one more.
     */
    static int share(int units, int bucket, int buckets) {
        return units / buckets + (bucket < units % buckets ? 1 : 0);
    }
}
