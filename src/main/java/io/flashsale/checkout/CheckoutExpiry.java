package io.flashsale.checkout;

import java.time.Clock;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Expires checkouts when their hold runs out: on the delayed message from {@code checkout.expiry}, and by a
 * periodic sweep of the database as the safety net for a message that was lost.
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
     * Expires the checkout; if it is still open with a later deadline (confirmed meanwhile, or this instance's
     * clock is behind the one that set the deadline), its expiry is scheduled again for that deadline.
     */
    @RabbitListener(queues = Messaging.EXPIRY)
    void onHoldEnded(ExpiryTimer.HoldEnded ended) {
        if (checkouts.expire(ended.checkoutId())) {
            return;
        }
        checkouts.openUntil(ended.checkoutId()).filter(deadline -> deadline.isAfter(clock.instant()))
                .ifPresent(deadline -> expiryTimer.schedule(ended.checkoutId(), deadline));
    }

    /** Returns how many checkouts it expired. */
    int sweep() {
        int expired = 0;
        for (CheckoutId checkoutId : checkouts.overdue(settings.sweepBatch())) {
            if (checkouts.expire(checkoutId)) {
                expired++;
            }
        }
        return expired;
    }
}
