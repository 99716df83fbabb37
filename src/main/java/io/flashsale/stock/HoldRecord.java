package io.flashsale.stock;

import java.util.Map;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;

/**
 * The database's record of written checkouts, from which a lost live state is rebuilt. Provided by the checkout
 * module, which writes them.
 */
public interface HoldRecord {

    /**
     * Whether every admitted checkout has been written (nothing waits in the order queue or in the worker's hands),
     * so the database's counts are complete. Called repeatedly; may need to see the quiet last a while.
     */
    boolean allWritten();

    /** The units each buyer holds or bought in a promotion variant, by its written checkouts. */
    Map<UserId, Integer> unitsByBuyer(PromotionVariantId id);

    /** The units held unpaid per client address in a promotion variant, by its written checkouts. */
    Map<String, Integer> unpaidByAddress(PromotionVariantId id);

    /**
     * A queued checkout whose hold ran out long ago with nothing written — its message was never queued — was
     * reaped: its units are back. Record it EXPIRED (nothing if a row exists) and tell its buyer.
     */
    void reaped(QueuedCheckout checkout);
}
