package io.flashsale.promotion;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.StockTerms;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database's account of a promotion variant's stock, moved by the checkout module inside its own transactions.
 * Every move is one guarded UPDATE, so the record never oversells however Redis behaves: {@code reserved + sold <=
 * stock} holds by the guard, and by the table's CHECK constraint if anything slipped past it.
 */
@Component
public class StockLedger {

    private final JdbcTemplate jdbc;
    private final PromotionVariants variants;

    StockLedger(JdbcTemplate jdbc, PromotionVariants variants) {
        this.jdbc = jdbc;
        this.variants = variants;
    }

    /**
     * Locks the rows of these promotion variants until the caller's transaction ends, and returns their committed
     * terms: what a checkout written in that transaction must agree with. Moves of their stock by other
     * transactions wait meanwhile.
     */
    public Map<PromotionVariantId, StockTerms> lock(Collection<PromotionVariantId> ids) {
        Map<PromotionVariantId, StockTerms> terms = new HashMap<>();
        if (!ids.isEmpty()) {
            variants.findAllForUpdate(ids.stream().map(PromotionVariantId::value).toList())
                    .forEach(variant -> terms.put(variant.id(), variant.terms()));
        }
        return terms;
    }

    /** The database guard: reserves units for checkouts if the stock still allows it; false when it does not. */
    public boolean reserve(PromotionVariantId id, int quantity) {
        return jdbc.update("UPDATE promotion_variant SET reserved = reserved + ? "
                + "WHERE id = ? AND reserved + sold + ? <= stock", quantity, id.value(), quantity) == 1;
    }

    /** Gives reserved units back (a checkout expired or was cancelled). */
    public void giveBack(PromotionVariantId id, int quantity) {
        expectOneRow(jdbc.update("UPDATE promotion_variant SET reserved = reserved - ? WHERE id = ? AND reserved >= ?",
                quantity, id.value(), quantity), id, quantity);
    }

    /** Turns reserved units into sold ones (a checkout was paid). */
    public void sell(PromotionVariantId id, int quantity) {
        expectOneRow(jdbc.update("UPDATE promotion_variant SET reserved = reserved - ?, sold = sold + ? "
                + "WHERE id = ? AND reserved >= ?", quantity, quantity, id.value(), quantity), id, quantity);
    }

    private static void expectOneRow(int rows, PromotionVariantId id, int quantity) {
        if (rows != 1) {
            throw new IllegalStateException("Promotion variant " + id + " has fewer than " + quantity
                    + " units reserved");
        }
    }
}
