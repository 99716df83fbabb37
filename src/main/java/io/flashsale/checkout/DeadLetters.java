package io.flashsale.checkout;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.flashsale.shared.Messaging;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.LiveStock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order messages the broker gave up on after their delivery limit. One whose checkout is still queued (its hold
 * stands in the live stock) is recorded for operators with why it failed ({@link DeadLetterRecord}); its units stay
 * held and its buyer sees it queued until an operator re-drives or discards it ({@link DeadLetterConsole}). One
 * written or undone meanwhile needs nothing. Until the database has taken the record, the message keeps coming
 * back: an accepted checkout is never left without a record.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final LiveStock stock;
    private final CheckoutWriter writer;
    private final DeadLetterRecord record;
    private final FailureReasons failures;
    private final JsonMapper json;
    private final CheckoutSettings settings;
    private final Counter retried;

    DeadLetters(LiveStock stock, CheckoutWriter writer, DeadLetterRecord record, FailureReasons failures,
            JsonMapper json, CheckoutSettings settings, MeterRegistry meters) {
        this.stock = stock;
        this.writer = writer;
        this.record = record;
        this.failures = failures;
        this.json = json;
        this.settings = settings;
        this.retried = meters.counter("flashsale.checkouts.dead.retried");
    }

    @RabbitListener(id = "deadLetters", queues = Messaging.DEAD_ORDERS, containerFactory = "patientListenerFactory")
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
        try {
            keep(checkout, message);
        } catch (RuntimeException e) {
            log.warn("Dead-lettered checkout {} not recorded yet ({}); retrying", checkout.checkoutId(),
                    e.toString());
            retried.increment();
            Thread.sleep(settings.deadLetterRetryPause().toMillis()); // it comes back: don't spin while a server is away
            throw e;
        }
    }

    private void keep(CheckoutReserved checkout, Message message) {
        Optional<CheckoutStatus> written = writer.statusOf(checkout.checkoutId());
        if (written.isPresent()) {
            log.info("Dead-lettered checkout {} is written ({}); its follow-ups are recorded with it",
                    checkout.checkoutId(), written.get());
            return;
        }
        if (stock.queued(checkout.checkoutId()).isEmpty()) {
            log.info("Dead-lettered checkout {} was already undone or given back; nothing to keep",
                    checkout.checkoutId());
            return;
        }
        String reason = failures.of(checkout.checkoutId()).orElseGet(() -> brokersReason(message));
        record.record(checkout, reason, new String(message.getBody(), StandardCharsets.UTF_8));
        log.error("Checkout {} dead-lettered ({}); its units stay held until an operator re-drives or discards it",
                checkout.checkoutId(), reason);
    }

    /** What the broker says: why it dead-lettered the message (x-first-death-reason), and from which queue. */
    private static String brokersReason(Message message) {
        Object reason = message.getMessageProperties().getHeaders().get("x-first-death-reason");
        Object queue = message.getMessageProperties().getHeaders().get("x-first-death-queue");
        return "dead-lettered by the broker: " + (reason == null ? "unknown reason" : reason)
                + (queue == null ? "" : " (queue " + queue + ")");
    }
}
