package io.flashsale.checkout;

/**
 * Where a checkout stands. {@code QUEUED} is never stored: it is a checkout admitted whose row the worker has not
 * yet written.
 */
public enum CheckoutStatus {
    QUEUED, CHECKOUT, CONFIRMED, PAID, EXPIRED, CANCELLED, FAILED
}
