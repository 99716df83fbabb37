package io.flashsale.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Schedules a checkout's expiry: a message into the delay queue of its delay (whole seconds from now to the
 * deadline, rounded up, so it never arrives early), dead-lettered to {@code checkout.expiry} when its TTL runs out.
 * One queue per delay keeps every queue in expiry order, which a per-message TTL would not (RabbitMQ expires only
 * from the head); delays are about the hold durations (a few seconds less when the order queue has a backlog), so
 * there are about as many queues as hold durations in use. Delivery is at least once; the expiry's compare-and-set
 * makes a repeat harmless, and the sweep catches a message that never arrives.
 */
@Component
class ExpiryTimer {

    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Clock clock;
    private final Set<Duration> declared = ConcurrentHashMap.newKeySet();

    ExpiryTimer(RabbitTemplate rabbit, AmqpAdmin admin, Clock clock) {
        this.rabbit = rabbit;
        this.admin = admin;
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
        Map<CheckoutId, Queue> queues = new HashMap<>();
        deadlines.forEach((checkoutId, deadline) -> queues.put(checkoutId, queueFor(now, deadline)));
        rabbit.invoke(channel -> {
            queues.forEach((checkoutId, queue) -> channel.convertAndSend("", queue.getName(),
                    new HoldEnded(checkoutId), message -> {
                        message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                        return message;
                    }));
            return null;
        });
    }

    private Queue queueFor(Instant now, Instant deadline) {
        long millis = Duration.between(now, deadline).toMillis();
        Duration delay = Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
        Queue queue = Messaging.holdQueue(delay);
        if (!declared.contains(delay)) {
            admin.declareQueue(queue);
            declared.add(delay);
        }
        return queue;
    }

    /** The expiry message: a checkout whose hold (or payment deadline) should have run out by now. */
    record HoldEnded(CheckoutId checkoutId) {
    }
}
