package io.flashsale.snapup;

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
 * queued only once the broker confirmed it and did not return it.
 */
@Component
public class CheckoutPublisher {

    private static final Logger log = LoggerFactory.getLogger(CheckoutPublisher.class);

    private final RabbitTemplate rabbit;
    private final SnapUpSettings settings;

    CheckoutPublisher(RabbitTemplate rabbit, SnapUpSettings settings) {
        this.rabbit = rabbit;
        this.settings = settings;
    }

    /** Returns whether the broker took responsibility for the message. */
    public boolean publish(CheckoutReserved checkout) {
        CorrelationData correlation = new CorrelationData(checkout.checkoutId().toString());
        try {
            rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, checkout, message -> {
                message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                message.getMessageProperties().setMessageId(checkout.checkoutId().toString());
                return message;
            }, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(settings.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
