package io.flashsale.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.StockRecord;
import io.flashsale.stock.StockTerms;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The database's terms of the promotion variants, for the live state to follow. */
@Component
class PromotionStockRecord implements StockRecord {

    private final PromotionVariants variants;

    PromotionStockRecord(PromotionVariants variants) {
        this.variants = variants;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<StockTerms> terms(PromotionVariantId id) {
        return variants.findById(id.value()).map(PromotionVariant::terms);
    }

    @Override
    @Transactional(readOnly = true)
    public List<StockTerms> endingAfter(Instant instant) {
        return variants.findByEndsAtAfter(instant).stream().map(PromotionVariant::terms).toList();
    }
}
