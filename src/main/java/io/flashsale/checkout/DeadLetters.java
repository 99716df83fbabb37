package io.flashsale.checkout;

import java.util.List;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order messages the broker gave up on after their delivery limit. Unless the checkout was written meanwhile or its
 * admission undone (then no 202 was given, or its reaper recorded it), it is recorded FAILED, and in the same
 * transaction its follow-up: its units go back to the live stock (while its hold is recorded) and its buyer is told.
 * Until the database has taken the FAILED row, the message keeps coming back: an accepted checkout is never left
 * without a record.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final LiveStock stock;
    private final CheckoutWriter writer;
    private final FollowUps followUps;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final CheckoutSettings settings;
    private final Counter retried;

    DeadLetters(LiveStock stock, CheckoutWriter writer, FollowUps followUps,
            PlatformTransactionManager transactionManager, JsonMapper json, CheckoutSettings settings,
            MeterRegistry meters) {
        this.stock = stock;
        this.writer = writer;
        this.followUps = followUps;
        this.transactions = new TransactionTemplate(transactionManager);
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
            record(checkout);
        } catch (RuntimeException e) {
            log.warn("Dead-lettered checkout {} not recorded yet ({}); retrying", checkout.checkoutId(),
                    e.toString());
            retried.increment();
            Thread.sleep(settings.deadLetterRetryPause().toMillis()); // it comes back: don't spin while a server is away
            throw e;
        }
    }

    private void record(CheckoutReserved checkout) {
        Optional<CheckoutStatus> written = writer.statusOf(checkout.checkoutId());
        if (written.isPresent()) {
            log.info("Dead-lettered checkout {} is written ({}); its follow-ups are recorded with it",
                    checkout.checkoutId(), written.get());
            return;
        }
        if (stock.undone(checkout.promotionVariantId(), checkout.checkoutId())) {
            log.info("Dead-lettered checkout {} was undone; nothing to record", checkout.checkoutId());
            return;
        }
        List<FollowUps.Saved> saved = transactions.execute(tx -> {
            writer.writeFailed(checkout);
            return followUps.save(List.of(FollowUp.of(checkout.promotionVariantId())
                    .giveBackQueued(checkout.hold())
                    .tell(CheckoutEvent.of(CheckoutEvent.Type.CheckoutFailed, checkout, CheckoutStatus.FAILED))
                    .build()));
        });
        log.error("Checkout {} failed for good: recorded FAILED, its units given back", checkout.checkoutId());
        followUps.run(saved);
    }
}
