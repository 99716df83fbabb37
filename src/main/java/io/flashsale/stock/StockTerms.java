package io.flashsale.stock;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.shared.PromotionVariantId;

/**
 * A promotion variant's committed terms, as its live state needs them: what the database says after a commit.
 *
 * @param version the row's version: an older one never overwrites a newer one in Redis
 * @param committed units the database counts as reserved or sold
 * @param unitPrice the price a checkout admitted now pays per unit
 * @param maxUnpaidPerAddress units that checkouts from one client address may hold unpaid at once; 0 is no bound
 * @param abandonCoolDownSeconds how long an account whose checkout ended unpaid waits before its next snap-up
 * @param buckets how many buckets its live stock is split over (see {@link StockBuckets}); fixed at creation
 */
public record StockTerms(PromotionVariantId id, long version, int stock, int committed, boolean enabled,
        Instant startsAt, Instant endsAt, int quantityLimit, int holdSeconds, BigDecimal unitPrice,
        int maxUnpaidPerAddress, int abandonCoolDownSeconds, int buckets) {
}
