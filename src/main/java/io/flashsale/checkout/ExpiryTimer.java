package io.flashsale.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Schedules a checkout's expiry: a message carrying its deadline into the hold queue of the longest tier that does
 * not pass the deadline (the tiers are powers of two seconds), dead-lettered to {@code checkout.expiry} when its
 * TTL runs out. There a message not yet due is sent on to the next tier, so it arrives within a second after its
 * deadline (deadlines are whole seconds) after at most one hop per tier. Every queue keeps one delay, so it stays
 * in expiry order (RabbitMQ expires only from a queue's head), and the broker holds a fixed set of queues whatever
 * hold times operators choose. Delivery is at least once; the expiry's compare-and-set makes a repeat harmless,
 * and the sweep catches a message that never arrives.
 */
@Component
class ExpiryTimer {

    private final RabbitTemplate rabbit;
    private final Clock clock;

    ExpiryTimer(RabbitTemplate rabbit, Clock clock) {
        this.rabbit = rabbit;
        this.clock = clock;
    }

    void schedule(CheckoutId checkoutId, Instant deadline) {
        scheduleAll(Map.of(checkoutId, deadline));
    }

    /** Schedules many expiries on one channel (a written batch's). */
    void scheduleAll(Map<CheckoutId, Instant> deadlines) {
        if (deadlines.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        rabbit.invoke(channel -> {
            deadlines.forEach((checkoutId, deadline) -> channel.convertAndSend("",
                    Messaging.holdQueue(tier(now, deadline)).getName(), new HoldEnded(checkoutId, deadline),
                    message -> {
                        message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                        return message;
                    }));
            return null;
        });
    }

    /** The longest tier that is not longer than the wait (whole seconds, rounded up; at least the shortest tier). */
    static Duration tier(Instant now, Instant deadline) {
        long seconds = Math.max(1, (Duration.between(now, deadline).toMillis() + 999) / 1000);
        Duration tier = Messaging.HOLD_TIERS.getFirst();
        for (Duration candidate : Messaging.HOLD_TIERS) {
            if (candidate.toSeconds() <= seconds) {
                tier = candidate;
            }
        }
        return tier;
    }

    /**
     * The expiry message: a checkout whose hold (or payment deadline) ends at {@code deadline}. A message of an
     * earlier version carries no deadline: it is due on arrival.
     */
    record HoldEnded(CheckoutId checkoutId, Instant deadline) {

        boolean dueAt(Instant now) {
            return deadline == null || !deadline.isAfter(now);
        }
    }
}
