package io.flashsale.order;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.shared.Messaging;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Schedules a checkout's expiry: a message into the delay queue of its hold duration, dead-lettered to
 * {@code checkout.expiry} when its TTL runs out. One queue per duration keeps every queue in expiry order, which a
 * per-message TTL would not (RabbitMQ expires only from the head). Delivery is at least once; the expiry's
 * compare-and-set makes a repeat harmless, and the sweep catches a message that never arrives.
 */
@Component
class HoldTimer {

    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Set<Duration> declared = ConcurrentHashMap.newKeySet();

    HoldTimer(RabbitTemplate rabbit, AmqpAdmin admin) {
        this.rabbit = rabbit;
        this.admin = admin;
    }

    void schedule(UUID checkoutId, Duration hold) {
        Queue queue = Messaging.holdQueue(hold);
        if (!declared.contains(hold)) {
            admin.declareQueue(queue);
            declared.add(hold);
        }
        rabbit.convertAndSend("", queue.getName(), new HoldEnded(checkoutId), message -> {
            message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
            return message;
        });
    }

    /** The expiry message: a checkout whose hold (or payment deadline) should have run out by now. */
    record HoldEnded(UUID checkoutId) {
    }
}
