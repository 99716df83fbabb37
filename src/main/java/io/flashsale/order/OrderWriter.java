package io.flashsale.order;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.flashsale.checkout.CheckoutReserved;
import io.flashsale.checkout.StockReservations;
import io.flashsale.promotion.StockLedger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch of admitted checkouts in one transaction. It first claims them in Redis, so an undo can no longer
 * race the write. Idempotent: a checkout already written, or undone after admission, is skipped, so a redelivered
 * message creates nothing twice. Each sale's stock is taken with the
 * database guard; a checkout the guard refuses is written FAILED, one whose hold ran out in the queue EXPIRED.
 */
@Component
class OrderWriter {

    private static final String INSERT = """
            INSERT %s INTO checkout_order (checkout_id, user_id, promotion_variant_id, quantity, unit_price, status,
                expires_at, hold_seconds, created_at, closed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final StockLedger ledger;
    private final StockReservations reservations;
    private final Clock clock;

    OrderWriter(JdbcTemplate jdbc, StockLedger ledger, StockReservations reservations, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ledger = ledger;
        this.reservations = reservations;
        this.clock = clock;
    }

    @Transactional
    Written write(List<CheckoutReserved> batch) {
        Instant now = clock.instant();
        Map<UUID, CheckoutReserved> unique = new LinkedHashMap<>();
        batch.forEach(checkout -> unique.putIfAbsent(checkout.checkoutId(), checkout));
        Set<UUID> skip = new HashSet<>(alreadyWritten(unique.keySet()));
        List<CheckoutReserved> persisted = unique.values().stream().filter(c -> skip.contains(c.checkoutId()))
                .toList();
        bySale(unique.values()).forEach((sale, checkouts) -> skip.addAll(reservations.claim(sale,
                checkouts.stream().map(CheckoutReserved::checkoutId).toList())));

        List<CheckoutReserved> created = new ArrayList<>();
        List<CheckoutReserved> expired = new ArrayList<>();
        List<CheckoutReserved> failed = new ArrayList<>();
        bySale(unique.values().stream().filter(c -> !skip.contains(c.checkoutId())).toList())
                .forEach((sale, checkouts) -> {
                    List<CheckoutReserved> live = new ArrayList<>();
                    checkouts.forEach(c -> (c.expiresAt().isAfter(now) ? live : expired).add(c));
                    int total = live.stream().mapToInt(CheckoutReserved::quantity).sum();
                    if (total > 0 && ledger.reserve(sale, total)) {
                        created.addAll(live);
                    } else {
                        live.forEach(c -> (ledger.reserve(sale, c.quantity()) ? created : failed).add(c));
                    }
                });

        List<Object[]> rows = new ArrayList<>();
        created.forEach(c -> rows.add(row(c, CheckoutStatus.CHECKOUT, now)));
        expired.forEach(c -> rows.add(row(c, CheckoutStatus.EXPIRED, now)));
        failed.forEach(c -> rows.add(row(c, CheckoutStatus.FAILED, now)));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT.formatted(""), rows);
        }
        return new Written(created, expired, failed, persisted);
    }

    /** Records a dead-lettered checkout as FAILED, unless a row for it exists already. */
    void recordFailed(CheckoutReserved checkout) {
        jdbc.update(INSERT.formatted("IGNORE"), row(checkout, CheckoutStatus.FAILED, clock.instant()));
    }

    private Set<UUID> alreadyWritten(Collection<UUID> checkoutIds) {
        return named.queryForList("SELECT checkout_id FROM checkout_order WHERE checkout_id IN (:ids)",
                        Map.of("ids", checkoutIds.stream().map(UUID::toString).toList()), String.class)
                .stream().map(UUID::fromString).collect(Collectors.toSet());
    }

    private static Map<Long, List<CheckoutReserved>> bySale(Collection<CheckoutReserved> checkouts) {
        return checkouts.stream().collect(Collectors.groupingBy(CheckoutReserved::promotionVariantId,
                LinkedHashMap::new, Collectors.toList()));
    }

    private static Object[] row(CheckoutReserved c, CheckoutStatus status, Instant now) {
        return new Object[] {c.checkoutId().toString(), c.userId(), c.promotionVariantId(), c.quantity(),
                c.unitPrice(), status.name(), Timestamp.from(c.expiresAt()), c.holdSeconds(), Timestamp.from(now),
                status == CheckoutStatus.CHECKOUT ? null : Timestamp.from(now)};
    }

    /**
     * What a batch came to.
     *
     * @param created written as CHECKOUT, their stock reserved in the database
     * @param expired their hold ran out while queued: written EXPIRED, their units to go back to Redis
     * @param failed the database guard refused them: written FAILED, their units to go back to Redis
     * @param persisted written by an earlier delivery
     */
    record Written(List<CheckoutReserved> created, List<CheckoutReserved> expired, List<CheckoutReserved> failed,
            List<CheckoutReserved> persisted) {
    }
}
