package io.flashsale.promotion;

/**
 * An operator's change to a sale, raised inside its transaction and written to Redis once it commits.
 *
 * @param created a new sale, whose live state may be created from the database's counts
 */
record PromotionVariantSaved(SaleState state, boolean created) {
}
