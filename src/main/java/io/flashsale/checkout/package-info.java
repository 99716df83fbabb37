/**
 * The checkout's whole life in the database: the worker that writes queued checkouts (with the database guard),
 * the buyer's {@code /api/checkouts} (status, confirm, pay, cancel), expiry by delayed messages and a sweep, the
 * dead-lettered checkouts, and the operators' export. Raises {@link io.flashsale.checkout.CheckoutEvents}.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"shared", "identity", "promotion", "stock", "snapup"})
package io.flashsale.checkout;
