package io.flashsale.order;

import java.time.Clock;

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
    private final HoldTimer holdTimer;
    private final Clock clock;

    HoldExpiry(Checkouts checkouts, HoldTimer holdTimer, Clock clock) {
        this.checkouts = checkouts;
        this.holdTimer = holdTimer;
        this.clock = clock;
    }

    /**
     * Expires the checkout; if it is still open with a later deadline (confirmed meanwhile, or this instance's
     * clock is behind the one that set the deadline), its expiry is scheduled again for that deadline.
     */
    @RabbitListener(queues = Messaging.EXPIRY)
    void onHoldEnded(HoldTimer.HoldEnded ended) {
        if (checkouts.expire(ended.checkoutId())) {
            return;
        }
        checkouts.openUntil(ended.checkoutId()).filter(deadline -> deadline.isAfter(clock.instant()))
                .ifPresent(deadline -> holdTimer.schedule(ended.checkoutId(), deadline));
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
