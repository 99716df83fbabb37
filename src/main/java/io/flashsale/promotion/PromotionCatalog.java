package io.flashsale.promotion;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The promotion module's API for other modules: what they may ask about a sale. */
@Service
public class PromotionCatalog {

    private final PromotionVariants variants;

    PromotionCatalog(PromotionVariants variants) {
        this.variants = variants;
    }

    @Transactional(readOnly = true)
    public boolean exists(long promotionVariantId) {
        return variants.existsById(promotionVariantId);
    }
}
