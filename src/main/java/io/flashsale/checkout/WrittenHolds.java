package io.flashsale.checkout;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
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

    private final NamedParameterJdbcTemplate named;
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

    WrittenHolds(JdbcTemplate jdbc, CheckoutWriter writer, ApplicationEventPublisher events, WorkerReports reports,
            AmqpAdmin admin, StockLedger ledger, FollowUps followUps, DeadLetterRecord deadLetters,
            PlatformTransactionManager transactionManager, CheckoutSettings settings, Clock clock) {
        this.named = new NamedParameterJdbcTemplate(jdbc);
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

    /**
     * Each buyer's units in written checkouts that hold or sold them. Read with plain JDBC, as every figure of
     * {@link #atRest}: it runs under the promotion variant's row lock, over as many rows as the sale has buyers (a
     * projection proxy per row had held the lock for seconds in a sale of 100,000).
     */
    private Map<UserId, Integer> unitsByBuyer(PromotionVariantId id) {
        Map<UserId, Integer> units = new HashMap<>();
        named.query("""
                SELECT user_id, SUM(quantity) FROM checkout
                WHERE promotion_variant_id = :id AND status IN (:statuses) GROUP BY user_id""",
                Map.of("id", id.value(), "statuses", HOLDING.stream().map(CheckoutStatus::name).toList()),
                (ResultSet row) -> {
                    units.put(UserId.of(row.getLong(1)), row.getInt(2));
                });
        return units;
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

    /** Each buyer's units held unpaid by written checkouts, per client address. */
    private List<Recorded.Unpaid> unpaidByAddress(PromotionVariantId id) {
        List<Recorded.Unpaid> unpaid = new ArrayList<>();
        named.query("""
                SELECT user_id, client_address, SUM(quantity) FROM checkout
                WHERE promotion_variant_id = :id AND status IN (:statuses) AND client_address IS NOT NULL
                GROUP BY user_id, client_address""",
                Map.of("id", id.value(), "statuses", UNPAID.stream().map(CheckoutStatus::name).toList()),
                (ResultSet row) -> {
                    unpaid.add(new Recorded.Unpaid(UserId.of(row.getLong(1)), row.getString(2), row.getInt(3)));
                });
        return unpaid;
    }

    @Override
    public boolean awaitsOperator(CheckoutId checkoutId) {
        return deadLetters.pending(checkoutId);
    }
}
