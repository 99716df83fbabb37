package io.flashsale.checkout;

import io.flashsale.shared.Messaging;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.LiveStock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order messages the broker gave up on after their delivery limit: the checkout's units are given back to the live
 * stock if its hold still stands, it is written FAILED where the database takes it, and its buyer told. Until Redis
 * has taken the units back, the message keeps coming back.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final LiveStock stock;
    private final CheckoutWriter writer;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final CheckoutSettings settings;

    DeadLetters(LiveStock stock, CheckoutWriter writer, JsonMapper json, ApplicationEventPublisher events,
            CheckoutSettings settings) {
        this.stock = stock;
        this.writer = writer;
        this.json = json;
        this.events = events;
        this.settings = settings;
    }

    @RabbitListener(queues = Messaging.DEAD_ORDERS, containerFactory = "patientListenerFactory")
    void onDeadLetter(Message message) throws InterruptedException {
        CheckoutReserved checkout;
        try {
            checkout = json.readValue(message.getBody(), CheckoutReserved.class);
        } catch (RuntimeException unreadable) {
            log.error("Dropping an unreadable dead-lettered message {}", message.getMessageProperties().getMessageId());
            return;
        }
        if (checkout.checkoutId() == null || checkout.promotionVariantId() == null || checkout.userId() == null) {
            log.error("Dropping a dead-lettered message that names no checkout {}", message.getMessageProperties()
                    .getMessageId());
            return;
        }
        if (written(checkout)) {
            log.info("Dead-lettered checkout {} is written; its units are the database's to give back",
                    checkout.checkoutId());
            return;
        }
        boolean givenBack;
        try {
            givenBack = stock.giveBackQueued(checkout.hold());
        } catch (DataAccessException e) {
            log.warn("Dead-lettered checkout {} not given back yet ({}); retrying", checkout.checkoutId(),
                    e.getMessage());
            Thread.sleep(settings.deadLetterRetryPause().toMillis()); // it comes back: don't spin while Redis is away
            throw e;
        }
        if (!givenBack) {
            log.info("Dead-lettered checkout {} was already written or undone; nothing to give back",
                    checkout.checkoutId());
            return;
        }
        log.error("Checkout {} failed for good; its units are given back", checkout.checkoutId());
        writeFailed(checkout);
        events.publishEvent(CheckoutEvents.of(CheckoutEvent.of(CheckoutEvent.Type.CheckoutFailed, checkout,
                CheckoutStatus.FAILED)));
    }

    /** Whether the worker wrote it after all; when the database can't say, the recorded hold decides alone. */
    private boolean written(CheckoutReserved checkout) {
        try {
            return writer.isWritten(checkout.checkoutId());
        } catch (DataAccessException e) {
            log.warn("Could not ask the database about dead-lettered checkout {}: {}", checkout.checkoutId(),
                    e.getMessage());
            return false;
        }
    }

    private void writeFailed(CheckoutReserved checkout) {
        try {
            writer.writeFailed(checkout);
        } catch (RuntimeException e) {
            log.warn("Failed checkout {} not written to the database: {}", checkout.checkoutId(), e.toString());
        }
    }
}
