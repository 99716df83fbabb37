/**
 * Checkout orders in the database: the worker that writes what Redis admitted, the hold's life from checkout to
 * payment or release (confirm, pay, cancel, expiry), and the operators' export.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "promotion", "checkout"})
package io.flashsale.order;
