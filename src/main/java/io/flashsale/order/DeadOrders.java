package io.flashsale.order;

import java.time.Duration;

import io.flashsale.checkout.CheckoutReserved;
import io.flashsale.checkout.StockReservations;
import io.flashsale.shared.Messaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Order messages the broker gave up on after their delivery limit: the checkout is compensated — its units go back
 * to Redis if its hold still stands — recorded FAILED where the database takes it, and its buyer told. Until Redis
 * has taken the units back, the message keeps coming back.
 */
@Component
class DeadOrders {

    private static final Logger log = LoggerFactory.getLogger(DeadOrders.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final StockReservations reservations;
    private final OrderWriter writer;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    DeadOrders(StockReservations reservations, OrderWriter writer, JsonMapper json,
            ApplicationEventPublisher events) {
        this.reservations = reservations;
        this.writer = writer;
        this.json = json;
        this.events = events;
    }

    @RabbitListener(queues = Messaging.DEAD_ORDERS, containerFactory = "patientListenerFactory")
    void onDeadOrder(Message message) throws InterruptedException {
        CheckoutReserved checkout;
        try {
            checkout = json.readValue(message.getBody(), CheckoutReserved.class);
        } catch (RuntimeException unreadable) {
            log.error("Dropping an unreadable dead order message {}", message.getMessageProperties().getMessageId());
            return;
        }
        boolean released;
        try {
            released = reservations.releaseUnwritten(checkout);
        } catch (DataAccessException e) {
            log.warn("Dead order {} not compensated yet ({}); retrying", checkout.checkoutId(), e.getMessage());
            Thread.sleep(RETRY_PAUSE.toMillis()); // the message comes back: don't spin while Redis is away
            throw e;
        }
        if (!released) {
            log.info("Dead order {} was already written or undone; nothing to compensate", checkout.checkoutId());
            return;
        }
        log.error("Order {} failed for good; its units are given back", checkout.checkoutId());
        recordFailed(checkout);
        events.publishEvent(CheckoutEvents.of(new CheckoutEvent(CheckoutEvent.Type.CheckoutFailed,
                checkout.checkoutId(), checkout.userId(), CheckoutStatus.FAILED, checkout.promotionVariantId(),
                checkout.expiresAt())));
    }

    private void recordFailed(CheckoutReserved checkout) {
        try {
            writer.recordFailed(checkout);
        } catch (RuntimeException e) {
            log.warn("Failed order {} not recorded in the database: {}", checkout.checkoutId(), e.toString());
        }
    }
}
