package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A checkout Redis admitted: the message on {@code checkout.orders} from which the worker creates the checkout
 * order. Everything the order needs travels with it, so the worker needs no other lookup.
 *
 * @param holdSeconds how long the checkout holds its stock, and later how long a confirmed order waits for payment
 */
public record CheckoutReserved(
        UUID checkoutId,
        long promotionVariantId,
        long userId,
        int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
        int holdSeconds,
        Instant expiresAt,
        String idempotencyKey) {
}
