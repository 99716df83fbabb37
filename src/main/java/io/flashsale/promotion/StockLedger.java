package io.flashsale.promotion;

import io.flashsale.shared.PromotionVariantId;
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

    StockLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
