package io.flashsale.stock;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flashsale.shared.PromotionVariantId;

/** The database's terms of the promotion variants, which the live state follows. Provided by the promotion module. */
public interface StockRecord {

    /** The committed terms of one promotion variant. */
    Optional<StockTerms> terms(PromotionVariantId id);

    /** The committed terms of every promotion variant that ends after the given instant. */
    List<StockTerms> endingAfter(Instant instant);
}
