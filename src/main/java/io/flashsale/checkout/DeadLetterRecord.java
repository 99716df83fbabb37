package io.flashsale.checkout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The table of dead-lettered checkouts ({@code dead_letter}) and of what operators did with them
 * ({@code dead_letter_action}). A dead letter is PENDING until an operator re-drives it (REDRIVEN) or discards it
 * (DISCARDED); each is a compare-and-set on its status, so two operators can't both act on one. A re-driven
 * checkout that fails again comes back PENDING, counted once more.
 */
@Component
class DeadLetterRecord {

    enum Status { PENDING, REDRIVEN, DISCARDED }

    enum Action { REDRIVE, DISCARD }

    /** Each dead letter with its checkout's status as written (none: still queued). */
    private static final String SELECT = """
            SELECT d.id, d.checkout_id, d.promotion_variant_id, d.user_id, d.quantity, d.reason, d.payload, d.status,
                d.times_dead_lettered, d.dead_lettered_at, d.resolved_at, c.status AS checkout_status
            FROM dead_letter d LEFT JOIN checkout c ON c.checkout_id = d.checkout_id""";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    DeadLetterRecord(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a dead-lettered checkout, or brings one re-driven before back to PENDING. */
    void record(CheckoutReserved checkout, String reason, String payload) {
        jdbc.update("""
                INSERT INTO dead_letter (checkout_id, promotion_variant_id, user_id, quantity, reason, payload, status,
                    dead_lettered_at)
                VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?)
                ON DUPLICATE KEY UPDATE status = 'PENDING', times_dead_lettered = times_dead_lettered + 1,
                    reason = VALUES(reason), payload = VALUES(payload), dead_lettered_at = VALUES(dead_lettered_at),
                    resolved_at = NULL""",
                checkout.checkoutId().toString(), checkout.promotionVariantId().value(), checkout.userId().value(),
                checkout.quantity(), reason, payload, Timestamp.from(clock.instant()));
    }

    /** Newest first, after the given id (0: from the newest), at most {@code limit}; all statuses when null. */
    List<DeadLetter> list(Status status, long before, int limit) {
        return jdbc.query(SELECT + " WHERE (? IS NULL OR d.status = ?) AND (? = 0 OR d.id < ?)"
                + " ORDER BY d.id DESC LIMIT ?", DeadLetterRecord::row,
                status == null ? null : status.name(), status == null ? null : status.name(), before, before, limit);
    }

    Optional<DeadLetter> find(long id) {
        return jdbc.query(SELECT + " WHERE d.id = ?", DeadLetterRecord::row, id)
                .stream().findFirst();
    }

    /** Whether this checkout's dead letter waits for an operator. */
    boolean pending(CheckoutId checkoutId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE checkout_id = ? AND status = 'PENDING'",
                Long.class, checkoutId.toString());
        return count != null && count > 0;
    }

    /** Dead letters waiting for an operator. */
    long pending() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE status = 'PENDING'", Long.class);
        return count == null ? 0 : count;
    }

    /** Moves a PENDING dead letter on and audits it; false if it was not PENDING (another operator was first). */
    boolean resolve(long id, Action action, UserId operator, String note) {
        Instant now = clock.instant();
        Status to = action == Action.REDRIVE ? Status.REDRIVEN : Status.DISCARDED;
        if (jdbc.update("UPDATE dead_letter SET status = ?, resolved_at = ? WHERE id = ? AND status = 'PENDING'",
                to.name(), Timestamp.from(now), id) == 0) {
            return false;
        }
        jdbc.update("INSERT INTO dead_letter_action (dead_letter_id, action, operator_id, note, acted_at)"
                + " VALUES (?, ?, ?, ?, ?)", id, action.name(), operator.value(), note, Timestamp.from(now));
        return true;
    }

    /** What operators did with a dead letter, oldest first. */
    List<ActionTaken> actions(long id) {
        return jdbc.query("SELECT action, operator_id, note, acted_at FROM dead_letter_action WHERE dead_letter_id = ?"
                + " ORDER BY id", (row, n) -> new ActionTaken(Action.valueOf(row.getString(1)),
                        UserId.of(row.getLong(2)), row.getString(3), row.getTimestamp(4).toInstant()), id);
    }

    private static DeadLetter row(ResultSet row, int n) throws SQLException {
        Timestamp resolved = row.getTimestamp("resolved_at");
        return new DeadLetter(row.getLong("id"), CheckoutId.of(row.getString("checkout_id")),
                row.getLong("promotion_variant_id"), UserId.of(row.getLong("user_id")), row.getInt("quantity"),
                row.getString("reason"), row.getString("payload"), Status.valueOf(row.getString("status")),
                row.getInt("times_dead_lettered"), row.getTimestamp("dead_lettered_at").toInstant(),
                resolved == null ? null : resolved.toInstant(), row.getString("checkout_status") == null
                        ? CheckoutStatus.QUEUED : CheckoutStatus.valueOf(row.getString("checkout_status")));
    }

    record DeadLetter(long id, CheckoutId checkoutId, long promotionVariantId, UserId userId, int quantity,
            String reason, String payload, Status status, int timesDeadLettered, Instant deadLetteredAt,
            Instant resolvedAt, CheckoutStatus checkoutStatus) {
    }

    record ActionTaken(Action action, UserId operatorId, String note, Instant at) {
    }
}
