package io.flashsale.stock;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;

/**
 * A checkout admitted and not yet written, as the live state records its hold (or as its message describes it).
 *
 * @param clientAddress where the snap-up came from, or null where it is not known
 */
public record QueuedCheckout(CheckoutId checkoutId, PromotionVariantId promotionVariantId, UserId userId,
        int quantity, Instant expiresAt, BigDecimal unitPrice, int holdSeconds, String clientAddress) {

    /** The hold as admit.lua records it, but for the address: user:quantity:expiresAt:unitPrice:holdSeconds. */
    String recordedHold() {
        return userId + ":" + quantity + ":" + expiresAt.toEpochMilli() + ":" + unitPrice.toPlainString() + ":"
                + holdSeconds;
    }
}
