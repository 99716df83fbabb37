package io.flashsale.checkout;

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
import java.util.stream.Collectors;

import io.flashsale.promotion.StockLedger;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.LiveStock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch of queued checkouts in one transaction. It first claims them in the live stock, so an undo can no
 * longer race the write. Idempotent: a checkout already written, or undone after admission, is skipped, so a
 * redelivered message creates nothing twice. Each promotion variant's units are reserved with the database guard;
 * a checkout the guard refuses is written FAILED, one whose hold ran out in the queue EXPIRED.
 */
@Component
class CheckoutWriter {

    private static final String INSERT = """
            INSERT %s INTO checkout (checkout_id, user_id, promotion_variant_id, quantity, unit_price, status,
                expires_at, hold_seconds, created_at, closed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final StockLedger ledger;
    private final LiveStock stock;
    private final Clock clock;

    CheckoutWriter(JdbcTemplate jdbc, StockLedger ledger, LiveStock stock, Clock clock) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.ledger = ledger;
        this.stock = stock;
        this.clock = clock;
    }

    @Transactional
    Written write(List<CheckoutReserved> batch) {
        Instant now = clock.instant();
        Map<CheckoutId, CheckoutReserved> unique = new LinkedHashMap<>();
        batch.forEach(checkout -> unique.putIfAbsent(checkout.checkoutId(), checkout));
        Set<CheckoutId> skip = new HashSet<>(alreadyWritten(unique.keySet()));
        List<CheckoutReserved> earlier = unique.values().stream().filter(c -> skip.contains(c.checkoutId()))
                .toList();
        byPromotionVariant(unique.values()).forEach((id, checkouts) -> skip.addAll(stock.claim(id,
                checkouts.stream().map(CheckoutReserved::checkoutId).toList())));

        List<CheckoutReserved> created = new ArrayList<>();
        List<CheckoutReserved> expired = new ArrayList<>();
        List<CheckoutReserved> failed = new ArrayList<>();
        byPromotionVariant(unique.values().stream().filter(c -> !skip.contains(c.checkoutId())).toList())
                .forEach((id, checkouts) -> {
                    List<CheckoutReserved> live = new ArrayList<>();
                    checkouts.forEach(c -> (c.expiresAt().isAfter(now) ? live : expired).add(c));
                    int total = live.stream().mapToInt(CheckoutReserved::quantity).sum();
                    if (total > 0 && ledger.reserve(id, total)) {
                        created.addAll(live);
                    } else {
                        live.forEach(c -> (ledger.reserve(id, c.quantity()) ? created : failed).add(c));
                    }
                });

        List<Object[]> rows = new ArrayList<>();
        created.forEach(c -> rows.add(row(c, CheckoutStatus.CHECKOUT, now)));
        expired.forEach(c -> rows.add(row(c, CheckoutStatus.EXPIRED, now)));
        failed.forEach(c -> rows.add(row(c, CheckoutStatus.FAILED, now)));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(INSERT.formatted(""), rows);
        }
        return new Written(created, expired, failed, earlier);
    }

    /** Records a dead-lettered checkout as FAILED, unless a row for it exists already. */
    void writeFailed(CheckoutReserved checkout) {
        jdbc.update(INSERT.formatted("IGNORE"), row(checkout, CheckoutStatus.FAILED, clock.instant()));
    }

    private Set<CheckoutId> alreadyWritten(Collection<CheckoutId> checkoutIds) {
        return named.queryForList("SELECT checkout_id FROM checkout WHERE checkout_id IN (:ids)",
                        Map.of("ids", checkoutIds.stream().map(CheckoutId::toString).toList()), String.class)
                .stream().map(CheckoutId::of).collect(Collectors.toSet());
    }

    private static Map<PromotionVariantId, List<CheckoutReserved>> byPromotionVariant(
            Collection<CheckoutReserved> checkouts) {
        return checkouts.stream().collect(Collectors.groupingBy(CheckoutReserved::promotionVariantId,
                LinkedHashMap::new, Collectors.toList()));
    }

    private static Object[] row(CheckoutReserved c, CheckoutStatus status, Instant now) {
        return new Object[] {c.checkoutId().toString(), c.userId().value(), c.promotionVariantId().value(),
                c.quantity(), c.unitPrice(), status.name(), Timestamp.from(c.expiresAt()), c.holdSeconds(),
                Timestamp.from(now), status == CheckoutStatus.CHECKOUT ? null : Timestamp.from(now)};
    }

    /**
     * What a batch came to.
     *
     * @param created written as CHECKOUT, their units reserved in the database
     * @param expired their hold ran out while queued: written EXPIRED, their units to go back to the live stock
     * @param failed the database guard refused them: written FAILED, their units to go back to the live stock
     * @param earlier written by an earlier delivery
     */
    record Written(List<CheckoutReserved> created, List<CheckoutReserved> expired, List<CheckoutReserved> failed,
            List<CheckoutReserved> earlier) {
    }
}
