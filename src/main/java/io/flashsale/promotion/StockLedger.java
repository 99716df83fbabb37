package io.flashsale.promotion;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database's account of a sale's stock, moved by the order module inside its own transactions. Every move is
 * one guarded UPDATE, so the record never oversells however Redis behaves: {@code reserved + sold <= stock} holds
 * by the guard, and by the table's CHECK constraint if anything slipped past it.
 */
@Component
public class StockLedger {

    private final JdbcTemplate jdbc;

    StockLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Reserves units for checkouts if the stock still allows it; false when it does not. */
    public boolean reserve(long promotionVariantId, int quantity) {
        return jdbc.update("UPDATE promotion_variant SET reserved = reserved + ? "
                + "WHERE id = ? AND reserved + sold + ? <= stock", quantity, promotionVariantId, quantity) == 1;
    }

    /** Gives reserved units back (a checkout expired or was cancelled). */
    public void release(long promotionVariantId, int quantity) {
        expectOneRow(jdbc.update("UPDATE promotion_variant SET reserved = reserved - ? WHERE id = ? AND reserved >= ?",
                quantity, promotionVariantId, quantity), promotionVariantId, quantity);
    }

    /** Turns reserved units into sold ones (a checkout was paid). */
    public void sell(long promotionVariantId, int quantity) {
        expectOneRow(jdbc.update("UPDATE promotion_variant SET reserved = reserved - ?, sold = sold + ? "
                + "WHERE id = ? AND reserved >= ?", quantity, quantity, promotionVariantId, quantity),
                promotionVariantId, quantity);
    }

    private static void expectOneRow(int rows, long promotionVariantId, int quantity) {
        if (rows != 1) {
            throw new IllegalStateException("Sale " + promotionVariantId + " has fewer than " + quantity
                    + " units reserved");
        }
    }
}
