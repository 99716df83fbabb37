package io.flashsale.stock;

import java.util.List;

import io.flashsale.shared.PromotionVariantId;
import io.lettuce.core.cluster.SlotHash;

/**
 * The Redis keys of one bucket of a promotion variant's live state (see {@link StockBuckets}). They share one hash
 * tag — {@code {pv:ID}} for bucket 0 (every promotion variant has it: one of a single bucket is exactly the live
 * state of before buckets), {@code {pv:ID:B}} or {@code {pv:ID:B.N}} for bucket B > 0 — so every script over them
 * runs unchanged on Redis Cluster, where all keys of one call must live in one slot. The tags of the other buckets
 * are chosen to spread over the slot space: of K buckets, bucket B's slot lies in the middle of the K-th part of the
 * slots B parts after bucket 0's part, so on a cluster whose K masters split the slots evenly (what
 * {@code redis-cli --cluster create} does) each bucket has a master of its own.
 *
 * @param state hash (key {@code {pv:ID}:sale}, a name kept from before the re-cut so a running deployment keeps
 *     its live states across an upgrade): enabled, startsAt, endsAt (epoch ms), limit, holdSeconds, unitPrice, stock
 *     (this bucket's share), available (of this bucket), version, expireAt, buckets, saleStock (the whole promotion
 *     variant's stock), epoch (when the buckets were created), paused (1 while another bucket is being rebuilt)
 * @param bought hash: user id → units the buyer holds or bought
 * @param holds hash: checkout id → the hold of a queued checkout (admitted, not yet written)
 * @param idempotency hash: user id and Idempotency-Key → checkout id and expiresAt
 * @param undone set: checkouts admitted and then undone, whose late messages create nothing
 * @param claimed set: queued checkouts the worker is writing; an undo leaves them to it
 * @param unpaid hash: client address → units its checkouts hold unpaid
 * @param cooling hash: user id → until when (epoch ms) the buyer may not snap up again, after a checkout of theirs
 *     ended unpaid
 * @param closed set: written checkouts whose end (expiry, cancel, payment) the live state has taken, so a follow-up
 *     done twice counts it once
 * @param moves hash: move id → the units this bucket gave another and that bucket may not have taken yet
 *     (recipient:units:epoch:at)
 * @param received set: moves this bucket has taken, so a move completed twice counts once
 */
record StockKeys(String state, String bought, String holds, String idempotency, String undone, String claimed,
        String unpaid, String cooling, String closed, String moves, String received) {

    static StockKeys of(PromotionVariantId id) {
        return of(id, 0, 1);
    }

    static StockKeys of(PromotionVariantId id, int bucket, int buckets) {
        String tag = "{" + tag(id.value(), bucket, buckets) + "}";
        return new StockKeys(tag + ":sale", tag + ":bought", tag + ":holds", tag + ":idem", tag + ":undone",
                tag + ":claimed", tag + ":unpaid", tag + ":cooling", tag + ":closed", tag + ":moves",
                tag + ":received");
    }

    private static String tag(long id, int bucket, int buckets) {
        String first = "pv:" + id;
        if (bucket == 0) {
            return first;
        }
        int part = Math.floorMod(slotPart(SlotHash.getSlot(first), buckets) + bucket, buckets);
        for (int salt = 0; ; salt++) { // each salt has about one chance in 2K: a handful of CRC16s
            String tag = first + ":" + bucket + (salt == 0 ? "" : "." + salt);
            int slot = SlotHash.getSlot(tag);
            double within = (double) slot * buckets / SlotHash.SLOT_COUNT - part; // 0..1 inside the part
            if (within >= 0.25 && within < 0.75) {
                return tag;
            }
        }
    }

    private static int slotPart(int slot, int buckets) {
        return slot * buckets / SlotHash.SLOT_COUNT;
    }

    /** All keys, in the order every script over them expects. */
    List<String> all() {
        return List.of(state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed, moves, received);
    }
}
