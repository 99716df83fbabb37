package io.flashsale.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Expires checkouts when their hold runs out: on the delayed messages from {@code checkout.expiry}, in batches
 * (one transaction, one script call per promotion variant, one fan-out per batch), and by a periodic sweep of the
 * database as the safety net for a message that was lost. So a crowd of holds ending in the same second is back on
 * sale within seconds.
 */
@Component
class CheckoutExpiry {

    private final CheckoutLifecycle checkouts;
    private final ExpiryTimer expiryTimer;
    private final CheckoutSettings settings;
    private final Clock clock;

    CheckoutExpiry(CheckoutLifecycle checkouts, ExpiryTimer expiryTimer, CheckoutSettings settings, Clock clock) {
        this.checkouts = checkouts;
        this.expiryTimer = expiryTimer;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Expires the checkouts that are due; those not yet due go on to their next hop, and those still open with a
     * later deadline (confirmed meanwhile, or this instance's clock is behind the one that set the deadline) are
     * scheduled again for it.
     */
    @RabbitListener(queues = Messaging.EXPIRY, containerFactory = "expiryBatchListenerFactory")
    void onHoldsEnded(List<ExpiryTimer.HoldEnded> ended) {
        Instant now = clock.instant();
        Map<CheckoutId, Instant> notYet = new HashMap<>();
        List<CheckoutId> due = ended.stream().filter(hold -> {
            if (hold.dueAt(now)) {
                return true;
            }
            notYet.put(hold.checkoutId(), hold.deadline());
            return false;
        }).map(ExpiryTimer.HoldEnded::checkoutId).toList();
        CheckoutLifecycle.Expiry expiry = checkouts.expireAll(due);
        notYet.putAll(expiry.later());
        expiryTimer.scheduleAll(notYet);
    }

    /** Returns how many checkouts it expired. */
    int sweep() {
        return checkouts.expireAll(checkouts.overdue(settings.sweepBatch())).expired();
    }
}
