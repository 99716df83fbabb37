package io.flashsale.stock;

import java.util.function.Consumer;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;

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

    /**
     * Runs {@code use} with the record's figures of one promotion variant while they are at rest: no change to them
     * can commit until {@code use} returns (the promotion variant's row is locked), and the follow-ups in the live
     * state of every change committed before are done. While any of those is outstanding, nothing is run.
     *
     * @return whether {@code use} ran
     */
    boolean atRest(PromotionVariantId id, Consumer<Recorded> use);

    /**
     * A queued checkout whose hold ran out long ago with nothing written — its message was never queued — was
     * reaped: its units are back. Record it EXPIRED (nothing if a row exists) and tell its buyer.
     */
    void reaped(QueuedCheckout checkout);

    /**
     * Whether a queued checkout waits for an operator (its message was dead-lettered and is neither re-driven nor
     * discarded yet): its message exists, so the reaper does not take it for an orphan once the queue is drained.
     */
    boolean awaitsOperator(CheckoutId checkoutId);
}
