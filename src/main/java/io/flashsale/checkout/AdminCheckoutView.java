package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A written checkout as operators see it: the buyer's view plus who bought (user id, and e-mail when the local issuer
 * knows the account), the price's currency, and when each step happened.
 */
@Schema(name = "AdminCheckout")
record AdminCheckoutView(CheckoutId checkoutId, PromotionVariantId promotionVariantId, UserId userId, @Schema(types = {"string", "null"}) String email,
        int quantity, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
        @Schema(types = {"string", "null"}) String currency,
        CheckoutStatus status, @Schema(types = {"string", "null"}, format = "date-time") Instant expiresAt, Instant createdAt,
        @Schema(types = {"string", "null"}, format = "date-time") Instant confirmedAt, @Schema(types = {"string", "null"}, format = "date-time") Instant paidAt,
        @Schema(types = {"string", "null"}, format = "date-time") Instant closedAt) {

    static AdminCheckoutView of(Checkout c, String email, String currency) {
        return new AdminCheckoutView(c.checkoutId(), c.promotionVariantId(), c.userId(), email, c.quantity(),
                c.unitPrice(), currency, c.status(), c.expiresAt(), c.createdAt(), c.confirmedAt(), c.paidAt(),
                c.closedAt());
    }
}
