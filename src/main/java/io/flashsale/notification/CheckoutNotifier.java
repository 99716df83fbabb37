package io.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.flashsale.checkout.CheckoutEvent;
import io.flashsale.checkout.CheckoutEvents;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * Tells buyers what happened to their checkouts. An event (raised after its commit) is fanned out through RabbitMQ
 * to every instance, and each instance hands it to the buyer's sessions it holds. Notifications are best effort:
 * a buyer who missed one asks {@code GET /api/checkouts/{id}}.
 */
@Component
class CheckoutNotifier {

    private static final Logger log = LoggerFactory.getLogger(CheckoutNotifier.class);
    /** A buyer's own queue, as the broker knows it; clients subscribe to it under {@code /user}. */
    static final String USER_QUEUE = "/queue/checkouts";

    private final RabbitTemplate rabbit;
    private final SimpMessagingTemplate stomp;
    private final SimpUserRegistry sessions;
    private final Clock clock;
    private final Timer lag;

    CheckoutNotifier(RabbitTemplate rabbit, SimpMessagingTemplate stomp, SimpUserRegistry sessions, Clock clock,
            MeterRegistry meters) {
        this.rabbit = rabbit;
        this.stomp = stomp;
        this.sessions = sessions;
        this.clock = clock;
        this.lag = Timer.builder("flashsale.notification.lag")
                .description("From a checkout event raised (after its commit) to its hand-over to the buyer's sessions")
                .publishPercentileHistogram().register(meters);
    }

    /** One fan-out message for events raised together (a written batch's): the broker carries a few, not many. */
    @EventListener
    void on(CheckoutEvents events) {
        try {
            rabbit.convertAndSend(Messaging.NOTIFICATIONS_EXCHANGE, "",
                    new Notifications(events.events().stream().map(Notification::of).toList(), clock.instant()), message -> {
                        message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
                        return message;
                    });
        } catch (RuntimeException e) {
            log.warn("{} checkout events not sent: {}", events.events().size(), e.toString());
        }
    }

    /**
     * Hands each event to its buyer's sessions on this instance; one whose buyer has none here (most of a sale's
     * winners, and every buyer of another instance's sessions) costs a lookup, not a message built for nobody.
     */
    @RabbitListener(queues = "#{instanceNotifications.name}")
    void deliver(Notifications notifications) {
        for (Notification notification : notifications.notifications()) {
            String buyer = notification.userId().toString();
            if (sessions.getUser(buyer) != null) {
                stomp.convertAndSendToUser(buyer, USER_QUEUE, notification.event());
            }
        }
        if (notifications.raisedAt() != null) { // null from an instance of the previous version
            lag.record(Duration.between(notifications.raisedAt(), clock.instant()).abs());
        }
    }

    /** Checkout events on their way to their buyers, and when they were raised (the notification lag's start). */
    record Notifications(List<Notification> notifications, Instant raisedAt) {
    }

    /** A checkout event on its way to one buyer. */
    record Notification(UserId userId, Event event) {

        static Notification of(CheckoutEvent e) {
            return new Notification(e.userId(), new Event(e.type().name(), e.checkoutId(), e.status().name(),
                    e.promotionVariantId(), e.expiresAt()));
        }
    }

    /** What the buyer receives on {@code /user/queue/checkouts}. */
    record Event(String type, CheckoutId checkoutId, String status, PromotionVariantId promotionVariantId,
            Instant expiresAt) {
    }
}
