package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.QueuedCheckout;
import io.swagger.v3.oas.annotations.media.Schema;

/** A checkout as its buyer sees it. */
@Schema(name = "Checkout")
record CheckoutView(CheckoutId checkoutId, PromotionVariantId promotionVariantId, int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice, CheckoutStatus status,
        @Schema(types = {"string", "null"}, format = "date-time") Instant expiresAt,
        @Schema(types = {"string", "null"}, format = "date-time", description = "when the worker wrote it; null while queued")
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
