package io.flashsale.stock;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;

/**
 * The units one checkout holds: what the live state needs to undo its admission or give its units back.
 *
 * @param idempotencyKey the buyer's Idempotency-Key of the snap-up, or null
 */
public record Hold(PromotionVariantId promotionVariantId, CheckoutId checkoutId, UserId userId, int quantity,
        String idempotencyKey) {
}
