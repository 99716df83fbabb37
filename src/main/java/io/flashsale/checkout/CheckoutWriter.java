package io.flashsale.checkout;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.flashsale.promotion.StockLedger;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.LiveStock;
import io.flashsale.stock.StockTerms;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch of queued checkouts in one transaction. It first claims them in the live stock, so an undo can no
 * longer race the write. Idempotent: a checkout already written, or undone after admission, is skipped, so a
 * redelivered message creates nothing twice; one the live stock never admitted creates nothing at all. Each
 * checkout must agree with its promotion variant's committed terms, read under the variant's row lock; its units
 * are then reserved with the database guard. A checkout that disagrees, or that the guard refuses, is written
 * FAILED. A written checkout's hold counts from its write (the buyer can act on it only now), however long it was
 * queued. What must follow the commit is recorded with it ({@link FollowUps}).
 */
@Component
class CheckoutWriter {

    private static final List<CheckoutStatus> HOLDING = List.of(CheckoutStatus.CHECKOUT, CheckoutStatus.CONFIRMED,
            CheckoutStatus.PAID);
    /** Deadlines are whole seconds rounded up (admit.lua), so the admission instant is known to within one. */
    private static final Duration WINDOW_SLACK = Duration.ofSeconds(1);
    private static final String INSERT = """
            INSERT INTO checkout (checkout_id, user_id, client_address, promotion_variant_id, quantity, unit_price,
                status, expires_at, hold_seconds, created_at, closed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /**
     * Nothing if a row exists; not {@code INSERT IGNORE}, which would also turn a refused row (a foreign key, a
     * check) into a warning, and an accepted checkout into no record at all.
     */
    private static final String UNLESS_WRITTEN = " ON DUPLICATE KEY UPDATE checkout_id = checkout_id";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final StockLedger ledger;
    private final LiveStock stock;
    private final FollowUps followUps;
    private final Clock clock;

    CheckoutWriter(JdbcTemplate jdbc, StockLedger ledger, LiveStock stock, FollowUps followUps, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ledger = ledger;
        this.stock = stock;
        this.followUps = followUps;
        this.clock = clock;
    }

    /**
     * Read committed: once the promotion variants' row locks are taken, every read sees what another worker
     * committed before it released them, without a locking read of checkout rows (which, taken after the variant's
     * row lock, would wait in a circle with an expiry or a payment that locks a checkout row first).
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    Written write(List<CheckoutReserved> batch) {
        Instant now = clock.instant();
        Map<CheckoutId, CheckoutReserved> unique = new LinkedHashMap<>();
        List<CheckoutReserved> malformed = new ArrayList<>();
        batch.forEach(checkout -> {
            if (wellFormed(checkout)) {
                unique.putIfAbsent(checkout.checkoutId(), checkout);
            } else {
                malformed.add(checkout);
            }
        });
        Map<CheckoutId, CheckoutStatus> written = alreadyWritten(unique.keySet());
        Set<CheckoutId> skip = new HashSet<>(written.keySet());
        List<CheckoutReserved> earlier = new ArrayList<>();
        List<CheckoutReserved> earlierEnded = new ArrayList<>();
        unique.values().stream().filter(c -> written.containsKey(c.checkoutId()))
                .forEach(c -> (HOLDING.contains(written.get(c.checkoutId())) ? earlier : earlierEnded).add(c));
        List<CheckoutReserved> unknown = new ArrayList<>();
        byPromotionVariant(unique.values()).forEach((id, checkouts) -> {
            LiveStock.Claim claim = stock.claim(id, checkouts.stream().map(CheckoutReserved::described).toList());
            skip.addAll(claim.undone());
            checkouts.stream().filter(c -> claim.unknown().contains(c.checkoutId()) && !skip.contains(c.checkoutId()))
                    .forEach(unknown::add);
        });
        unknown.forEach(c -> skip.add(c.checkoutId()));

        Map<PromotionVariantId, List<CheckoutReserved>> toWrite = byPromotionVariant(
                unique.values().stream().filter(c -> !skip.contains(c.checkoutId())).toList());
        Map<PromotionVariantId, StockTerms> terms = ledger.lock(toWrite.keySet());
        List<CheckoutReserved> created = new ArrayList<>();
        List<CheckoutReserved> failed = new ArrayList<>();
        List<CheckoutReserved> refused = new ArrayList<>();
        // the hold counts from now, when the buyer can act on it, however long the message waited in the queue
        Instant from = CheckoutLifecycle.wholeSecondAfter(now);
        toWrite.forEach((id, checkouts) -> {
            List<CheckoutReserved> agreed = withinTerms(terms.get(id), checkouts, refused).stream()
                    .map(c -> holdingFrom(c, from)).toList();
            int total = agreed.stream().mapToInt(CheckoutReserved::quantity).sum();
            if (total > 0 && ledger.reserve(id, total)) {
                created.addAll(agreed);
            } else {
                agreed.forEach(c -> (ledger.reserve(id, c.quantity()) ? created : failed).add(c));
            }
        });

        List<Object[]> rows = new ArrayList<>();
        created.forEach(c -> rows.add(row(c, CheckoutStatus.CHECKOUT, now)));
        Stream.of(failed, refused, unknown).flatMap(List::stream)
                .forEach(c -> rows.add(row(c, CheckoutStatus.FAILED, now)));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT, rows);
        }
        Written outcome = new Written(created, failed, refused, unknown, earlier, earlierEnded, malformed, List.of());
        return outcome.saved(followUps.save(outcome.work()));
    }

    /** The checkout as written: its hold (and so its deadline) starts when it is written, not when it was admitted. */
    private static CheckoutReserved holdingFrom(CheckoutReserved c, Instant from) {
        return new CheckoutReserved(c.checkoutId(), c.promotionVariantId(), c.userId(), c.quantity(), c.unitPrice(),
                c.holdSeconds(), from.plusSeconds(c.holdSeconds()), c.idempotencyKey(), c.clientAddress());
    }


    /** A message the worker can write at all: every field present and in range (the table's rules). */
    private static boolean wellFormed(CheckoutReserved c) {
        return c.checkoutId() != null && c.promotionVariantId() != null && c.userId() != null && c.quantity() >= 1
                && c.unitPrice() != null && c.unitPrice().signum() >= 0 && c.unitPrice().scale() <= 2
                && c.unitPrice().precision() - c.unitPrice().scale() <= 10 && c.holdSeconds() >= 0
                && c.expiresAt() != null && (c.clientAddress() == null || c.clientAddress().length() <= 45);
    }

    /**
     * The checkouts that agree with the promotion variant's committed terms; the others are added to
     * {@code refused}. Redis and the broker are not trusted: a checkout must not pay less than the sale price, hold
     * longer than the hold time, take more than the limit (with what its buyer already holds or bought), or have
     * been admitted outside the window or while the promotion variant is disabled. (A price raised or a hold shortened while checkouts were queued refuses
     * those few checkouts; a price lowered or a hold lengthened lets them through as admitted.)
     */
    private List<CheckoutReserved> withinTerms(StockTerms terms, List<CheckoutReserved> live,
            List<CheckoutReserved> refused) {
        if (terms == null || live.isEmpty()) {
            refused.addAll(live);
            return List.of();
        }
        Map<UserId, Integer> held = new HashMap<>(unitsHeld(terms.id(),
                live.stream().map(CheckoutReserved::userId).distinct().toList()));
        List<CheckoutReserved> agreed = new ArrayList<>();
        for (CheckoutReserved c : live) {
            Instant admitted = c.expiresAt().minusSeconds(c.holdSeconds());
            boolean ok = terms.enabled()
                    && c.unitPrice().compareTo(terms.unitPrice()) >= 0
                    && c.holdSeconds() <= terms.holdSeconds()
                    && c.quantity() <= terms.quantityLimit()
                    && !admitted.isBefore(terms.startsAt().minus(WINDOW_SLACK))
                    && !admitted.isAfter(terms.endsAt().plus(WINDOW_SLACK))
                    && held.merge(c.userId(), c.quantity(), Integer::sum) <= terms.quantityLimit();
            (ok ? agreed : refused).add(c);
        }
        return agreed;
    }

    /**
     * The units each buyer holds or bought in a promotion variant by the written checkouts, as committed: the
     * variant's row lock, held by the caller, orders this against another worker's batch.
     */
    private Map<UserId, Integer> unitsHeld(PromotionVariantId id, List<UserId> buyers) {
        Map<UserId, Integer> held = new HashMap<>();
        named.query("""
                SELECT user_id, SUM(quantity) FROM checkout
                WHERE promotion_variant_id = :id AND user_id IN (:buyers) AND status IN ('CHECKOUT', 'CONFIRMED', 'PAID')
                GROUP BY user_id""",
                Map.of("id", id.value(), "buyers", buyers.stream().map(UserId::value).toList()),
                (ResultSet row) -> {
                    held.put(UserId.of(row.getLong(1)), row.getInt(2));
                });
        return held;
    }

    /** Records a dead-lettered checkout as FAILED, unless a row for it exists already. */
    void writeFailed(CheckoutReserved checkout) {
        writeEnded(checkout, CheckoutStatus.FAILED);
    }

    /** Records a checkout that ended before it was ever written (FAILED, EXPIRED), unless a row for it exists. */
    void writeEnded(CheckoutReserved checkout, CheckoutStatus status) {
        jdbc.update(INSERT + UNLESS_WRITTEN, row(checkout, status, clock.instant()));
    }

    /** The status of a written checkout; empty when none is written. */
    Optional<CheckoutStatus> statusOf(CheckoutId checkoutId) {
        return Optional.ofNullable(alreadyWritten(List.of(checkoutId)).get(checkoutId));
    }

    /** The statuses of those of these checkouts that are written already. */
    private Map<CheckoutId, CheckoutStatus> alreadyWritten(Collection<CheckoutId> checkoutIds) {
        Map<CheckoutId, CheckoutStatus> written = new HashMap<>();
        if (!checkoutIds.isEmpty()) {
            named.query("SELECT checkout_id, status FROM checkout WHERE checkout_id IN (:ids)",
                    Map.of("ids", checkoutIds.stream().map(CheckoutId::toString).toList()),
                    (ResultSet row) -> {
                        written.put(CheckoutId.of(row.getString(1)), CheckoutStatus.valueOf(row.getString(2)));
                    });
        }
        return written;
    }

    private static Map<PromotionVariantId, List<CheckoutReserved>> byPromotionVariant(
            Collection<CheckoutReserved> checkouts) {
        return checkouts.stream().collect(Collectors.groupingBy(CheckoutReserved::promotionVariantId,
                LinkedHashMap::new, Collectors.toList()));
    }

    private static Object[] row(CheckoutReserved c, CheckoutStatus status, Instant now) {
        return new Object[] {c.checkoutId().toString(), c.userId().value(), c.clientAddress(),
                c.promotionVariantId().value(), c.quantity(), c.unitPrice(), status.name(), Timestamp.from(c.expiresAt()), c.holdSeconds(),
                Timestamp.from(now), status == CheckoutStatus.CHECKOUT ? null : Timestamp.from(now)};
    }

    /**
     * What a batch came to.
     *
     * @param created written as CHECKOUT, their units reserved in the database, their holds counting from the write
     *     ({@code expiresAt} is the written deadline)
     * @param failed the database guard refused them: written FAILED, their units to go back to the live stock
     * @param refused they disagree with the promotion variant's committed terms (Redis or the broker said
     *     otherwise): written FAILED, their units to go back to the live stock
     * @param unknown not admitted as their messages say (no such hold in the live state: forged, or gone with a
     *     rebuilt live state): written FAILED, nothing given back (the live state never counted them)
     * @param earlier written live (CHECKOUT, CONFIRMED, PAID) by an earlier delivery: their holds to settle
     * @param earlierEnded written FAILED or EXPIRED by an earlier delivery that may not have given their units back
     * @param malformed messages no checkout can be written from: nothing written
     * @param followUps what the batch's commit must be followed by, recorded in its transaction
     */
    record Written(List<CheckoutReserved> created, List<CheckoutReserved> failed, List<CheckoutReserved> refused,
            List<CheckoutReserved> unknown, List<CheckoutReserved> earlier, List<CheckoutReserved> earlierEnded,
            List<CheckoutReserved> malformed, List<FollowUps.Saved> followUps) {

        private Written saved(List<FollowUps.Saved> saved) {
            return new Written(created, failed, refused, unknown, earlier, earlierEnded, malformed, saved);
        }

        /**
         * Per promotion variant: settle the written holds, give back the units of those written FAILED (and of
         * ended ones an earlier delivery wrote), schedule the new checkouts' expiries, tell the buyers.
         */
        private List<FollowUp> work() {
            Map<PromotionVariantId, FollowUp.Builder> work = new LinkedHashMap<>();
            Function<CheckoutReserved, FollowUp.Builder> of = c -> work.computeIfAbsent(
                    c.promotionVariantId(), FollowUp::of);
            Stream.concat(created.stream(), earlier.stream()).forEach(c -> of.apply(c).settle(c.checkoutId()));
            Stream.of(failed, refused, earlierEnded).flatMap(List::stream)
                    .forEach(c -> of.apply(c).giveBackQueued(c.hold()));
            created.forEach(c -> of.apply(c).expire(new ExpiryTimer.HoldEnded(c.checkoutId(), c.expiresAt()))
                    .tell(CheckoutEvent.of(CheckoutEvent.Type.OrderChecked, c, CheckoutStatus.CHECKOUT)));
            Stream.of(failed, refused, unknown).flatMap(List::stream).forEach(c -> of.apply(c)
                    .tell(CheckoutEvent.of(CheckoutEvent.Type.CheckoutFailed, c, CheckoutStatus.FAILED)));
            return work.values().stream().map(FollowUp.Builder::build).toList();
        }
    }
}
