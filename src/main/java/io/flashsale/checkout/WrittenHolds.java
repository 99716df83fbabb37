package io.flashsale.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.flashsale.promotion.StockLedger;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.HoldRecord;
import io.flashsale.stock.QueuedCheckout;
import io.flashsale.stock.Recorded;
import io.flashsale.stock.StockTerms;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the written checkouts say of each buyer's units, at rest, and whether every admitted checkout is written yet:
 * what the stock module needs to rebuild a lost live state and to reconcile a drifted one; and the record of a queued
 * checkout it reaped.
 */
@Component
class WrittenHolds implements HoldRecord {

    private static final List<CheckoutStatus> HOLDING = List.of(CheckoutStatus.CHECKOUT, CheckoutStatus.CONFIRMED,
            CheckoutStatus.PAID);
    private static final List<CheckoutStatus> UNPAID = List.of(CheckoutStatus.CHECKOUT, CheckoutStatus.CONFIRMED);

    private final Checkouts checkouts;
    private final CheckoutWriter writer;
    private final ApplicationEventPublisher events;
    private final WorkerReports reports;
    private final AmqpAdmin admin;
    private final StockLedger ledger;
    private final FollowUps followUps;
    private final DeadLetterRecord deadLetters;
    private final TransactionTemplate transactions;
    private final CheckoutSettings settings;
    private final Clock clock;
    /** When the queue was first seen empty with every worker idle, and how many batches had ended by then. */
    private Instant quietSince;
    private long batchesAtQuietSince;

    WrittenHolds(Checkouts checkouts, CheckoutWriter writer, ApplicationEventPublisher events, WorkerReports reports,
            AmqpAdmin admin, StockLedger ledger, FollowUps followUps, DeadLetterRecord deadLetters,
            PlatformTransactionManager transactionManager, CheckoutSettings settings, Clock clock) {
        this.checkouts = checkouts;
        this.writer = writer;
        this.events = events;
        this.reports = reports;
        this.admin = admin;
        this.ledger = ledger;
        this.followUps = followUps;
        this.deadLetters = deadLetters;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * All written, across the cluster: the order queue holds nothing ready, every instance's worker is idle
     * ({@link WorkerReports}), and the broker counts no consumer on the queue beyond those the reporting instances
     * have (one that can't report may hold unacknowledged messages) — seen twice at least {@code drainQuiet} apart
     * with no batch ended anywhere in between, so nothing was waiting in a worker's hands either.
     */
    @Override
    public synchronized boolean allWritten() {
        Properties queue = admin.getQueueProperties(Messaging.ORDERS);
        Object ready = queue == null ? null : queue.get(RabbitAdmin.QUEUE_MESSAGE_COUNT);
        Object consumers = queue == null ? null : queue.get(RabbitAdmin.QUEUE_CONSUMER_COUNT);
        List<WorkerReports.Report> workers = reports.all();
        Instant now = clock.instant();
        boolean idle = ready instanceof Number count && count.longValue() == 0
                && consumers instanceof Number counted
                && counted.longValue() <= workers.stream().mapToLong(WorkerReports.Report::consumers).sum()
                && workers.stream().allMatch(worker -> worker.inFlight() == 0);
        if (!idle) {
            quietSince = null;
            return false;
        }
        long ended = workers.stream().mapToLong(WorkerReports.Report::batchesEnded).sum();
        if (quietSince == null || ended != batchesAtQuietSince) {
            quietSince = now;
            batchesAtQuietSince = ended;
            return false;
        }
        return !now.isBefore(quietSince.plus(settings.drainQuiet()));
    }

    /**
     * In one read-committed transaction: the promotion variant's row is locked (every change to its reserved and
     * sold — a write, an expiry, a cancel, a payment, an operator's edit — locks it too, so none commits meanwhile),
     * then, if none of its follow-ups is outstanding, the figures are read and {@code use} runs before the lock is
     * let go.
     */
    @Override
    public boolean atRest(PromotionVariantId id, Consumer<Recorded> use) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            StockTerms terms = ledger.lock(List.of(id)).get(id);
            if (terms == null || followUps.outstanding(id)) {
                return false;
            }
            use.accept(new Recorded(terms, unitsByBuyer(id), unpaidByAddress(id)));
            return true;
        }));
    }

    private Map<UserId, Integer> unitsByBuyer(PromotionVariantId id) {
        return checkouts.sumQuantityByBuyer(id, HOLDING).stream().collect(
                Collectors.toMap(Checkouts.BuyerUnits::getUserId, units -> units.getQuantity().intValue()));
    }

    @Override
    public void reaped(QueuedCheckout queued) {
        CheckoutReserved checkout = new CheckoutReserved(queued.checkoutId(), queued.promotionVariantId(),
                queued.userId(), queued.quantity(), queued.unitPrice(), queued.holdSeconds(), queued.expiresAt(), null,
                queued.clientAddress());
        writer.writeEnded(checkout, CheckoutStatus.EXPIRED);
        events.publishEvent(CheckoutEvents.of(CheckoutEvent.of(CheckoutEvent.Type.CheckoutExpired, checkout,
                CheckoutStatus.EXPIRED)));
    }

    private List<Recorded.Unpaid> unpaidByAddress(PromotionVariantId id) {
        return checkouts.sumQuantityByAddress(id, UNPAID).stream().map(units -> new Recorded.Unpaid(
                units.getUserId(), units.getClientAddress(), units.getQuantity().intValue())).toList();
    }

    @Override
    public boolean awaitsOperator(CheckoutId checkoutId) {
        return deadLetters.pending(checkoutId);
    }
}
