/**
 * Checkout orders in the database: the record of every snap-up Redis admitted, and their reports.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "identity", "promotion"})
package io.flashsale.order;
