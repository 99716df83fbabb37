package io.flashsale.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.Messaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a sale's live state after Redis lost it. Meanwhile the sale is paused (snap-ups answer 503), and the
 * rebuild waits until no admitted checkout is still queued or being written, so that the database's reserved and
 * sold, and each buyer's quantities, are complete. Oversell stays impossible throughout: the database guard is the
 * record.
 */
@Component
class LiveStateRecovery {

    private static final Logger log = LoggerFactory.getLogger(LiveStateRecovery.class);
    /**
     * Far longer than the worker's batch wait: a message the broker handed the worker (which the queue's count no
     * longer shows) reaches a batch well within it.
     */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final List<CheckoutStatus> HOLDING = List.of(CheckoutStatus.CHECKOUT, CheckoutStatus.CONFIRMED,
            CheckoutStatus.PAID);

    private final PromotionCatalog catalog;
    private final CheckoutOrders orders;
    private final OrderWorker worker;
    private final AmqpAdmin admin;
    private final Clock clock;
    /** When the queue was first seen empty with the worker idle, and how many batches had ended by then. */
    private Instant quietSince;
    private long batchesAtQuietSince;

    LiveStateRecovery(PromotionCatalog catalog, CheckoutOrders orders, OrderWorker worker, AmqpAdmin admin,
            Clock clock) {
        this.catalog = catalog;
        this.orders = orders;
        this.worker = worker;
        this.admin = admin;
        this.clock = clock;
    }

    /** Returns how many sales it rebuilt. */
    @Scheduled(fixedDelayString = "${flashsale.order.recovery-interval:PT2S}")
    synchronized int recover() {
        int rebuilt = 0;
        try {
            for (long sale : catalog.currentSaleIds()) {
                if (catalog.hasLiveState(sale)) {
                    continue;
                }
                if (!orderQueueDrained()) {
                    log.info("Sale {} lost its live state; paused until the order queue drains", sale);
                    return rebuilt;
                }
                Map<Long, Integer> bought = orders.sumQuantityByUser(sale, HOLDING).stream().collect(
                        Collectors.toMap(CheckoutOrders.UserQuantity::getUserId, q -> q.getQuantity().intValue()));
                if (catalog.restoreLiveState(sale, bought)) {
                    log.warn("Rebuilt the live state of sale {} from the database", sale);
                    rebuilt++;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Live state recovery could not run: {}", e.toString());
        }
        return rebuilt;
    }

    /**
     * Drained: the queue is empty and the worker idle, seen twice at least {@link #QUIET} apart with no batch ended
     * in between — so nothing was waiting in the worker's hands either.
     */
    private boolean orderQueueDrained() {
        Properties queue = admin.getQueueProperties(Messaging.ORDERS);
        Object ready = queue == null ? null : queue.get(RabbitAdmin.QUEUE_MESSAGE_COUNT);
        Instant now = clock.instant();
        if (!(ready instanceof Number count && count.longValue() == 0 && worker.inFlight() == 0)) {
            quietSince = null;
            return false;
        }
        if (quietSince == null || worker.batchesEnded() != batchesAtQuietSince) {
            quietSince = now;
            batchesAtQuietSince = worker.batchesEnded();
            return false;
        }
        return !now.isBefore(quietSince.plus(QUIET));
    }
}
