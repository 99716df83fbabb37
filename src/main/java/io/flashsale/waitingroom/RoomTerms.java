package io.flashsale.waitingroom;

import java.time.Instant;

import io.flashsale.shared.PromotionVariantId;

/**
 * A room's terms as the operator set them, with its sale's window.
 *
 * @param opensBeforeSeconds how long before the start buyers may join
 * @param ratePerSecond buyers let through a second; when the room follows the snap-up lane, the most
 * @param followsLane whether the rate follows what the instances' snap-up lanes can take ({@link #serving})
 */
record RoomTerms(PromotionVariantId id, boolean enabled, int opensBeforeSeconds, int ratePerSecond, Instant startsAt,
        Instant endsAt, boolean followsLane) {

    RoomTerms(PromotionVariantId id, boolean enabled, int opensBeforeSeconds, int ratePerSecond, Instant startsAt,
            Instant endsAt) {
        this(id, enabled, opensBeforeSeconds, ratePerSecond, startsAt, endsAt, false);
    }

    Instant opensAt() {
        return startsAt.minusSeconds(opensBeforeSeconds);
    }

    /**
     * The terms a tick serves with: the operator's rate, or, when the room follows the lane, what the lanes of every
     * instance can take a second ({@code laneCapacity}, rounded down), never above the operator's rate nor below one.
     */
    RoomTerms serving(double laneCapacity) {
        if (!followsLane) {
            return this;
        }
        int rate = (int) Math.max(1, Math.min(ratePerSecond, Math.floor(laneCapacity)));
        return new RoomTerms(id, enabled, opensBeforeSeconds, rate, startsAt, endsAt, true);
    }
}
