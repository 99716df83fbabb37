package io.flashsale.checkout;

import java.time.Instant;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;

/**
 * Something happened to a checkout that its buyer should hear of: raised once the change is committed.
 *
 * @param type what happened, in the past tense: the {@code type} of the STOMP event
 */
public record CheckoutEvent(Type type, CheckoutId checkoutId, UserId userId, CheckoutStatus status,
        PromotionVariantId promotionVariantId, Instant expiresAt) {

    public enum Type {
        OrderChecked, CheckoutConfirmed, CheckoutPaid, CheckoutExpired, CheckoutCancelled, CheckoutFailed
    }

    static CheckoutEvent of(Type type, Checkout checkout) {
        return new CheckoutEvent(type, checkout.checkoutId(), checkout.userId(), checkout.status(),
                checkout.promotionVariantId(), checkout.expiresAt());
    }

    /** An event of a checkout the worker handled from its message, written or not. */
    static CheckoutEvent of(Type type, CheckoutReserved checkout, CheckoutStatus status) {
        return new CheckoutEvent(type, checkout.checkoutId(), checkout.userId(), status,
                checkout.promotionVariantId(), checkout.expiresAt());
    }
}
