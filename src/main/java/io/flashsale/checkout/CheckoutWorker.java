package io.flashsale.checkout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.Channel;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.snapup.CheckoutReserved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker: consumes {@code checkout.orders} in batches with manual acknowledgement, one transaction per batch,
 * and acknowledges a batch only after it committed. While the database or Redis is unreachable a batch is retried in
 * place, with back-off, for {@code transientRetryFor}; then it goes back to the queue whole. If a batch fails
 * otherwise, its messages are written one by one, so that a poison message goes back alone; the broker
 * dead-letters it after its delivery limit. After the commit, its follow-ups (recorded in the same transaction): the
 * written checkouts are settled in the live stock, expiries scheduled, the units of checkouts written FAILED given
 * back, and the buyers told — each a few calls per batch.
 */
@Component
class CheckoutWorker {

    private static final Logger log = LoggerFactory.getLogger(CheckoutWorker.class);

    private final CheckoutWriter writer;
    private final FollowUps followUps;
    private final JsonMapper json;
    private final RetryTemplate transientRetry;
    private final Duration transientRetryFor;
    private final Counter written;
    private final Counter refusedTerms;
    private final Counter refusedUnknown;
    private final FailureReasons failures;
    private final Timer batchTimer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong batchesEnded = new AtomicLong();

    CheckoutWorker(CheckoutWriter writer, FollowUps followUps, JsonMapper json, CheckoutSettings settings,
            MeterRegistry meters, FailureReasons failures) {
        this.failures = failures;
        this.batchTimer = Timer.builder("flashsale.checkouts.batch")
                .description("One order batch: read, written in one transaction, settled, told, acknowledged")
                .publishPercentileHistogram().register(meters);
        this.writer = writer;
        this.followUps = followUps;
        this.json = json;
        this.transientRetry = new RetryTemplate(RetryPolicy.builder()
                .includes(TransientDataAccessException.class, RecoverableDataAccessException.class,
                        DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
                        PessimisticLockingFailureException.class)
                .delay(Duration.ofMillis(100)).multiplier(2).maxDelay(Duration.ofSeconds(5))
                .maxRetries(Long.MAX_VALUE).timeout(settings.transientRetryFor())
                .build());
        this.transientRetryFor = settings.transientRetryFor();
        this.written = meters.counter("flashsale.checkouts.written");
        this.refusedTerms = meters.counter("flashsale.checkouts.refused", "reason", "terms");
        this.refusedUnknown = meters.counter("flashsale.checkouts.refused", "reason", "unknown");
    }

    /** Order messages in a batch being written right now. */
    int inFlight() {
        return inFlight.get();
    }

    /** Batches finished so far: when it stands still, nothing handed to this worker is waiting either. */
    long batchesEnded() {
        return batchesEnded.get();
    }

    @RabbitListener(id = "checkoutWorker", queues = Messaging.ORDERS, containerFactory = "checkoutBatchListenerFactory")
    void onBatch(List<Message> messages, Channel channel) throws IOException {
        inFlight.addAndGet(messages.size());
        Timer.Sample sample = Timer.start();
        try {
            List<Delivery> deliveries = new ArrayList<>();
            for (Message message : messages) {
                long tag = message.getMessageProperties().getDeliveryTag();
                try {
                    deliveries.add(new Delivery(tag, json.readValue(message.getBody(), CheckoutReserved.class)));
                } catch (RuntimeException unreadable) {
                    log.error("Unreadable order message {}, dead-lettering it", message.getMessageProperties()
                            .getMessageId(), unreadable);
                    channel.basicNack(tag, false, false);
                }
            }
            if (deliveries.isEmpty()) {
                return;
            }
            CheckoutWriter.Written written;
            try {
                written = write(deliveries);
            } catch (RuntimeException batchFailed) {
                if (transientRetry.getRetryPolicy().shouldRetry(batchFailed)) {
                    log.error("Order batch of {} still failing after {} ({}); back to the queue", deliveries.size(),
                            transientRetryFor, batchFailed.toString());
                    channel.basicNack(deliveries.getLast().tag(), true, true);
                    return;
                }
                log.warn("Order batch of {} failed ({}); writing its messages one by one", deliveries.size(),
                        batchFailed.toString());
                for (Delivery delivery : deliveries) {
                    writeAlone(delivery, channel);
                }
                return;
            }
            afterCommit(written);
            // If an ack is lost with the connection, the broker redelivers: the writer then skips what it wrote.
            channel.basicAck(deliveries.getLast().tag(), true);
        } finally {
            sample.stop(batchTimer);
            inFlight.addAndGet(-messages.size());
            batchesEnded.incrementAndGet();
        }
    }

    private void writeAlone(Delivery delivery, Channel channel) throws IOException {
        CheckoutWriter.Written written;
        try {
            written = write(List.of(delivery));
        } catch (RuntimeException failed) {
            log.error("Checkout {} could not be written; returning it to the queue", delivery.checkout().checkoutId(),
                    failed);
            failures.failed(delivery.checkout().checkoutId(), failed);
            channel.basicNack(delivery.tag(), false, true); // counts toward the queue's delivery limit
            return;
        }
        afterCommit(written);
        channel.basicAck(delivery.tag(), false);
    }

    private CheckoutWriter.Written write(List<Delivery> deliveries) {
        List<CheckoutReserved> batch = deliveries.stream().map(Delivery::checkout).toList();
        try {
            return transientRetry.execute(() -> writer.write(batch));
        } catch (RetryException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
        }
    }

    /** Does the batch's follow-ups (recorded with its commit, so a death right here loses none) and counts it. */
    private void afterCommit(CheckoutWriter.Written batch) {
        written.increment(batch.created().size());
        batch.refused().forEach(c -> log.warn("Checkout {} disagrees with the terms of promotion variant {} "
                + "(unit price {}, hold {} s, quantity {}); written FAILED", c.checkoutId(), c.promotionVariantId(),
                c.unitPrice(), c.holdSeconds(), c.quantity()));
        batch.unknown().forEach(c -> log.error("Checkout {} was not admitted by the live stock of promotion variant "
                + "{} as its message says; written FAILED", c.checkoutId(), c.promotionVariantId()));
        batch.malformed().forEach(c -> log.error("An order message no checkout can be written from was dropped: {}",
                c));
        refusedTerms.increment(batch.refused().size());
        refusedUnknown.increment(batch.unknown().size() + batch.malformed().size());
        followUps.run(batch.followUps());
    }

    private record Delivery(long tag, CheckoutReserved checkout) {
    }
}
