package io.flashsale.stock;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;

/** A checkout admitted and not yet written, as the live state records its hold. */
public record QueuedCheckout(CheckoutId checkoutId, PromotionVariantId promotionVariantId, UserId userId,
        int quantity, Instant expiresAt, BigDecimal unitPrice) {
}
