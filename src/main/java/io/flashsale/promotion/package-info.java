/**
 * What is on sale: operators configure promotion variants (stock, price, limit, window), the module keeps each
 * sale's live state in Redis, and shoppers read the live and upcoming sales.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package io.flashsale.promotion;
