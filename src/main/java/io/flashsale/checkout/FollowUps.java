package io.flashsale.checkout;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.LiveStock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The durable after-commit work (an outbox): a change records its {@link FollowUp}s in its own transaction, and the
 * committing thread does them right after the commit and deletes them. A process that dies in between leaves them in
 * {@code follow_up}; {@link #retry} does them later (on every instance, every {@code followUpRetryInterval}, those
 * older than {@code followUpGrace}), so the live state never stays behind the record. A retry claims the rows it
 * does ({@code FOR UPDATE SKIP LOCKED}, held until they are done and deleted), so two instances never do the same one
 * at once. Done twice otherwise (a retry racing the committing thread) is harmless: every step is idempotent while
 * the live state lasts, and a rebuild of a lost one waits until no follow-up of its promotion variant is left.
 */
@Component
class FollowUps {

    private static final Logger log = LoggerFactory.getLogger(FollowUps.class);

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final LiveStock stock;
    private final ExpiryTimer expiryTimer;
    private final ApplicationEventPublisher events;
    private final CheckoutSettings settings;
    private final TransactionTemplate transactions;

    FollowUps(JdbcTemplate jdbc, JsonMapper json, LiveStock stock, ExpiryTimer expiryTimer,
            ApplicationEventPublisher events, CheckoutSettings settings, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.json = json;
        this.stock = stock;
        this.expiryTimer = expiryTimer;
        this.events = events;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Records follow-ups in the caller's transaction; do them with {@link #run} once it committed. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<Saved> save(Collection<FollowUp> followUps) {
        List<Saved> saved = new ArrayList<>();
        for (FollowUp followUp : followUps) {
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO follow_up (promotion_variant_id, work) VALUES (?, ?)",
                        Statement.RETURN_GENERATED_KEYS);
                insert.setLong(1, followUp.promotionVariantId().value());
                insert.setString(2, json.writeValueAsString(followUp));
                return insert;
            }, key);
            saved.add(new Saved(key.getKey().longValue(), followUp));
        }
        return saved;
    }

    /** Does committed follow-ups; each one done is deleted, one that failed stays for {@link #retry}. */
    void run(Collection<Saved> saved) {
        for (Saved followUp : saved) {
            if (perform(followUp.work())) {
                try {
                    jdbc.update("DELETE FROM follow_up WHERE id = ?", followUp.id());
                } catch (RuntimeException e) { // done: a retry does it again, harmlessly
                    log.warn("Follow-up {} done but not deleted: {}", followUp.id(), e.toString());
                }
            }
        }
    }

    /**
     * Does the follow-ups recorded at least {@code olderThan} ago (a process died before them, or a step failed) that
     * no other retry holds; returns how many it took. Their rows stay locked until each is done and deleted.
     */
    int retry(Duration olderThan) {
        return transactions.execute(tx -> {
            List<Saved> due = jdbc.query("SELECT id, work FROM follow_up WHERE created_at <= NOW() - INTERVAL ? SECOND "
                            + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                    (row, n) -> new Saved(row.getLong(1), json.readValue(row.getString(2), FollowUp.class)),
                    olderThan.toSeconds(), settings.batchSize());
            if (!due.isEmpty()) {
                log.warn("Doing {} follow-ups left behind by a commit", due.size());
                run(due);
            }
            return due.size();
        });
    }

    int retry() {
        try {
            return retry(settings.followUpGrace());
        } catch (RuntimeException e) {
            log.warn("Follow-ups could not be retried now: {}", e.toString());
            return 0;
        }
    }

    /** Whether a committed change of this promotion variant still has follow-ups to do. */
    boolean outstanding(PromotionVariantId id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM follow_up WHERE promotion_variant_id = ?)", Boolean.class, id.value()));
    }

    /** Does every step, each whatever the others came to; returns whether all were done. */
    private boolean perform(FollowUp work) {
        boolean done = step("settle the written holds", () -> stock.settle(work.promotionVariantId(), work.settle()));
        for (var hold : work.givenBackQueued()) {
            done &= step("give back the units of queued checkout " + hold.checkoutId(),
                    () -> stock.giveBackQueued(hold));
        }
        if (!work.givenBackClosed().isEmpty()) {
            done &= step("give back the units of " + work.givenBackClosed().size() + " ended checkouts",
                    () -> stock.giveBackAbandoned(work.givenBackClosed()));
        }
        for (var hold : work.paid()) {
            done &= step("count checkout " + hold.checkoutId() + " as paid", () -> stock.paid(hold));
        }
        Map<CheckoutId, Instant> deadlines = work.expiries().stream()
                .collect(Collectors.toMap(ExpiryTimer.HoldEnded::checkoutId, ExpiryTimer.HoldEnded::deadline,
                        (a, b) -> b));
        done &= step("schedule " + deadlines.size() + " expiries", () -> expiryTimer.scheduleAll(deadlines));
        if (done && !work.events().isEmpty()) {
            done = step("tell the buyers", () -> events.publishEvent(new CheckoutEvents(work.events())));
        }
        return done;
    }

    private static boolean step(String what, Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            log.error("Committed, but could not {} yet (it is retried): {}", what, e.toString());
            return false;
        }
    }

    /** A recorded follow-up and its row. */
    record Saved(long id, FollowUp work) {
    }
}
