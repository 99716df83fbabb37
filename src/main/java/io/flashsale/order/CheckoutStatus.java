package io.flashsale.order;

/**
 * Where a checkout stands. {@code QUEUED} is never stored: it is a checkout Redis admitted whose order the worker
 * has not yet written.
 */
public enum CheckoutStatus {
    QUEUED, CHECKOUT, CONFIRMED, PAID, EXPIRED, CANCELLED, FAILED
}
