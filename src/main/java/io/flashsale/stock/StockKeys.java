package io.flashsale.stock;

import java.util.List;

import io.flashsale.shared.PromotionVariantId;

/**
 * The Redis keys of one promotion variant's live state. They share the hash tag {@code {pv:ID}}, so every script
 * over them runs unchanged on Redis Cluster, where all keys of one call must live in one slot.
 *
 * @param state hash (key {@code {pv:ID}:sale}, a name kept from before the re-cut so a running deployment keeps
 *     its live states across an upgrade): enabled, startsAt, endsAt (epoch ms), limit, holdSeconds, unitPrice, stock, available,
 *     version, expireAt
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
 */
record StockKeys(String state, String bought, String holds, String idempotency, String undone, String claimed,
        String unpaid, String cooling, String closed) {

    static StockKeys of(PromotionVariantId id) {
        String tag = "{pv:" + id.value() + "}";
        return new StockKeys(tag + ":sale", tag + ":bought", tag + ":holds", tag + ":idem", tag + ":undone",
                tag + ":claimed", tag + ":unpaid", tag + ":cooling", tag + ":closed");
    }

    /** All keys, in the order every script over them expects. */
    List<String> all() {
        return List.of(state, bought, holds, idempotency, undone, claimed, unpaid, cooling, closed);
    }
}
