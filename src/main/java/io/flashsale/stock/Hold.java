package io.flashsale.stock;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;

/**
 * The units one checkout holds: what the live state needs to undo its admission or give its units back.
 *
 * @param idempotencyKey the buyer's Idempotency-Key of the snap-up, or null
 * @param clientAddress the client address the snap-up came from, or null where it is not known
 */
public record Hold(PromotionVariantId promotionVariantId, CheckoutId checkoutId, UserId userId, int quantity,
        String idempotencyKey, String clientAddress) {
}
