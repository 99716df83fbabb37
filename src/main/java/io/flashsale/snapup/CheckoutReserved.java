package io.flashsale.snapup;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.Hold;
import io.flashsale.stock.QueuedCheckout;

/**
 * A checkout admitted: the message on the queue {@code checkout.orders} from which the worker writes it. Everything
 * the checkout needs travels with it, so the worker needs no other lookup.
 *
 * @param holdSeconds how long the checkout holds its units, and later how long a confirmed one waits for payment
 * @param clientAddress the client address the snap-up came from (absent in messages of earlier versions)
 */
public record CheckoutReserved(
        CheckoutId checkoutId,
        PromotionVariantId promotionVariantId,
        UserId userId,
        int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
        int holdSeconds,
        Instant expiresAt,
        String idempotencyKey,
        String clientAddress) {

    /** The checkout as its message describes it, for the live stock to compare with the hold it recorded. */
    public QueuedCheckout described() {
        return new QueuedCheckout(checkoutId, promotionVariantId, userId, quantity, expiresAt, unitPrice, holdSeconds,
                clientAddress);
    }

    /** The units this checkout holds, as the live stock knows them. */
    public Hold hold() {
        return new Hold(promotionVariantId, checkoutId, userId, quantity, idempotencyKey, clientAddress);
    }
}
