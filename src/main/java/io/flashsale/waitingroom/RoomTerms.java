package io.flashsale.waitingroom;

import java.time.Instant;

import io.flashsale.shared.PromotionVariantId;

/**
 * A room's terms as the operator set them, with its sale's window.
 *
 * @param opensBeforeSeconds how long before the start buyers may join
 * @param ratePerSecond buyers let through a second
 */
record RoomTerms(PromotionVariantId id, boolean enabled, int opensBeforeSeconds, int ratePerSecond, Instant startsAt,
        Instant endsAt) {

    Instant opensAt() {
        return startsAt.minusSeconds(opensBeforeSeconds);
    }
}
