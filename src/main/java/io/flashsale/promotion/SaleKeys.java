package io.flashsale.promotion;

import java.util.List;

/**
 * The Redis keys of one sale. They share the hash tag {@code {pv:ID}}, so every script over them runs unchanged
 * on Redis Cluster, where all keys of one call must live in one slot.
 *
 * @param sale hash: enabled, startsAt, endsAt (epoch ms), limit, holdSeconds, unitPrice, stock, available,
 *     version, expireAt
 * @param bought hash: user id → quantity held or bought in this sale
 * @param holds hash: checkout id → the hold of a checkout accepted but not yet persisted
 * @param idempotency hash: user id and Idempotency-Key → checkout id and expiresAt
 * @param undone set: checkouts admitted and then taken back, whose late messages create nothing
 * @param claimed set: checkouts the order worker is writing; an undo leaves them to it
 */
public record SaleKeys(String sale, String bought, String holds, String idempotency, String undone,
        String claimed) {

    public static SaleKeys of(long promotionVariantId) {
        String tag = "{pv:" + promotionVariantId + "}";
        return new SaleKeys(tag + ":sale", tag + ":bought", tag + ":holds", tag + ":idem", tag + ":undone",
                tag + ":claimed");
    }

    /** All keys, in the order every script over them expects. */
    public List<String> all() {
        return List.of(sale, bought, holds, idempotency, undone, claimed);
    }
}
