package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.QueuedCheckout;

/** A checkout as its buyer sees it. */
record CheckoutView(CheckoutId checkoutId, PromotionVariantId promotionVariantId, int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice, CheckoutStatus status, Instant expiresAt,
        Instant createdAt) {

    static CheckoutView of(Checkout checkout) {
        return new CheckoutView(checkout.checkoutId(), checkout.promotionVariantId(), checkout.quantity(),
                checkout.unitPrice(), checkout.status(), checkout.expiresAt(), checkout.createdAt());
    }

    static CheckoutView queued(QueuedCheckout queued) {
        return new CheckoutView(queued.checkoutId(), queued.promotionVariantId(), queued.quantity(),
                queued.unitPrice(), CheckoutStatus.QUEUED, queued.expiresAt(), null);
    }
}
