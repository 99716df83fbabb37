package io.flashsale.order;

import io.flashsale.shared.Messaging;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires checkouts when their hold runs out: on the delayed message from {@code checkout.expiry}, and by a
 * periodic sweep of the database as the safety net for a message that was lost.
 */
@Component
class HoldExpiry {

    private static final int SWEEP_BATCH = 500;

    private final Checkouts checkouts;

    HoldExpiry(Checkouts checkouts) {
        this.checkouts = checkouts;
    }

    @RabbitListener(queues = Messaging.EXPIRY)
    void onHoldEnded(HoldTimer.HoldEnded ended) {
        checkouts.expire(ended.checkoutId());
    }

    /** Returns how many checkouts it expired. */
    @Scheduled(fixedDelayString = "${flashsale.order.sweep-interval:PT30S}")
    int sweep() {
        int expired = 0;
        for (var checkoutId : checkouts.overdue(SWEEP_BATCH)) {
            if (checkouts.expire(checkoutId)) {
                expired++;
            }
        }
        return expired;
    }
}
