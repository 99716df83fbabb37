package io.flashsale.order;

import java.time.Instant;
import java.util.UUID;

/**
 * Something happened to a checkout that its buyer should hear of: raised once the change is committed.
 *
 * @param type what happened, in the past tense: the {@code type} of the STOMP event
 */
public record CheckoutEvent(Type type, UUID checkoutId, long userId, CheckoutStatus status, long promotionVariantId,
        Instant expiresAt) {

    public enum Type {
        OrderChecked, CheckoutConfirmed, CheckoutPaid, CheckoutExpired, CheckoutCancelled, CheckoutFailed
    }

    static CheckoutEvent of(Type type, CheckoutOrder order) {
        return new CheckoutEvent(type, order.checkoutId(), order.userId(), order.status(), order.promotionVariantId(),
                order.expiresAt());
    }
}
