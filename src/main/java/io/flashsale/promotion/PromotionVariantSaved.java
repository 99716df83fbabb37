package io.flashsale.promotion;

/** An operator's change to a sale, raised inside its transaction and written to Redis once it commits. */
record PromotionVariantSaved(SaleState state) {
}
