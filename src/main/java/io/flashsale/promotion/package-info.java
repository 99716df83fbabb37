/**
 * What is on sale: operators configure promotions (campaigns: a product, a window, a currency) and their promotion
 * variants (stock, price, limit, hold), every change recorded in the audit trail, and the database keeps their
 * record, including the guard on reserved and sold units ({@link io.flashsale.promotion.StockLedger}); buyers read the
 * live and upcoming ones. Each committed change is handed to the stock module for the live state.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "stock"})
package io.flashsale.promotion;
