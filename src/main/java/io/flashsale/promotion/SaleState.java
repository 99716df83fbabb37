package io.flashsale.promotion;

import java.math.BigDecimal;
import java.time.Instant;

/** A committed snapshot of a sale, as its live state in Redis needs it. */
record SaleState(long id, long version, int stock, int committed, boolean enabled, Instant startsAt,
        Instant endsAt, int quantityLimit, int holdSeconds, BigDecimal unitPrice) {

    static SaleState of(PromotionVariant v) {
        return new SaleState(v.id(), v.version(), v.stock(), v.committed(), v.enabled(), v.startsAt(), v.endsAt(),
                v.quantityLimit(), v.holdSeconds(), v.salePrice());
    }
}
