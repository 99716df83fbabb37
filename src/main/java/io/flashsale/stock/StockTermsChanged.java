package io.flashsale.stock;

/**
 * An operator changed a promotion variant: raised inside the change's transaction, and written to its live state
 * once the transaction commits.
 *
 * @param created a new promotion variant, whose live state may be created from the database's counts
 */
public record StockTermsChanged(StockTerms terms, boolean created) {
}
