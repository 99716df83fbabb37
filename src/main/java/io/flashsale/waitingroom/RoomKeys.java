package io.flashsale.waitingroom;

import java.util.List;

import io.flashsale.shared.PromotionVariantId;

/**
 * The Redis keys of one promotion variant's waiting room. They carry the hash tag of the promotion variant's live
 * state ({@code {pv:ID}}, as the stock module's keys do), so the room lives in the sale's own slot and every script
 * over it runs unchanged on Redis Cluster.
 *
 * @param room hash: state, opensAt, startsAt, endsAt, rate, pre (buyers drawn), late (buyers who came after the
 *     start), served (the last position let through), carry, lastTick, seed, drawnAt, drawLease, soldOutAt
 * @param arrivals list: the buyers who joined before the start, in the order they came (what the draw shuffles)
 * @param positions hash: user id → position in the line (0 while awaiting the draw)
 */
record RoomKeys(String room, String arrivals, String positions) {

    static RoomKeys of(PromotionVariantId id) {
        String tag = "{pv:" + id.value() + "}";
        return new RoomKeys(tag + ":room", tag + ":room:arrivals", tag + ":room:positions");
    }

    /** All keys, in the order every room script expects. */
    List<String> all() {
        return List.of(room, arrivals, positions);
    }
}
