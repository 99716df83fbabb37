package io.flashsale.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.checkout.StockReservations.QueuedHold;

/** A checkout as its buyer sees it. */
record CheckoutView(UUID checkoutId, long promotionVariantId, int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice, CheckoutStatus status, Instant expiresAt,
        Instant createdAt) {

    static CheckoutView of(CheckoutOrder order) {
        return new CheckoutView(order.checkoutId(), order.promotionVariantId(), order.quantity(), order.unitPrice(),
                order.status(), order.expiresAt(), order.createdAt());
    }

    static CheckoutView queued(QueuedHold hold) {
        return new CheckoutView(hold.checkoutId(), hold.promotionVariantId(), hold.quantity(), hold.unitPrice(),
                CheckoutStatus.QUEUED, hold.expiresAt(), null);
    }
}
