package io.flashsale.snapup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.flashsale.shared.Messaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Queues admitted checkouts: persistent messages to the durable order queue, mandatory, and a checkout counts as
 * queued only once the broker confirmed it and did not return it — within its publish deadline, counted from its
 * admission as the reaper counts it (its deadline less its hold), so that a checkout the reaper may take for one
 * never queued is never answered 202.
 */
@Component
public class CheckoutPublisher {

    private static final Logger log = LoggerFactory.getLogger(CheckoutPublisher.class);

    private final RabbitTemplate rabbit;
    private final SnapUpSettings settings;
    private final Clock clock;

    CheckoutPublisher(RabbitTemplate rabbit, SnapUpSettings settings, Clock clock) {
        this.rabbit = rabbit;
        this.settings = settings;
        this.clock = clock;
    }

    /** A snap-up's publish: returns whether the broker took responsibility for the message in time. */
    public boolean publish(CheckoutReserved checkout) {
        return send(checkout,
                checkout.expiresAt().minusSeconds(checkout.holdSeconds()).plus(settings.publishDeadline()));
    }

    /**
     * An operator's re-drive of a dead-lettered checkout, admitted long ago: its hold waits for the operator (the
     * reaper leaves it), so only the confirm's own timeout applies. Returns whether the broker took the message.
     */
    public boolean publishAgain(CheckoutReserved checkout) {
        return send(checkout, Instant.MAX);
    }

    private boolean send(CheckoutReserved checkout, Instant deadline) {
        if (!clock.instant().isBefore(deadline)) {
            log.warn("Checkout {} not queued: its publish deadline passed before it was sent", checkout.checkoutId());
            return false;
        }
        CorrelationData correlation = new CorrelationData(checkout.checkoutId().toString());
        try {
            rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, checkout, message -> {
                message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                message.getMessageProperties().setMessageId(checkout.checkoutId().toString());
                return message;
            }, correlation);
            Instant now = clock.instant();
            Duration wait = deadline.isBefore(now.plus(settings.confirmTimeout())) ? Duration.between(now, deadline)
                    : settings.confirmTimeout();
            if (wait.isNegative() || wait.isZero()) {
                throw new TimeoutException("the publish deadline passed while it was sent");
            }
            CorrelationData.Confirm confirm = correlation.getFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack() || correlation.getReturned() != null) {
                log.warn("Checkout {} not queued: {}", checkout.checkoutId(),
                        correlation.getReturned() != null ? "returned" : "nacked, " + confirm.reason());
                return false;
            }
            return true;
        } catch (AmqpException | ExecutionException | TimeoutException e) {
            log.warn("Checkout {} not queued: {}", checkout.checkoutId(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
