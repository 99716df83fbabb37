package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.CheckoutId;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every flash sale ends the same way: thousands of holds run out in the same second, and nobody paid. */
@FlashsaleTest
class ExpiryStormTests {

    private static final int HOLDS = 5_000;

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ExpiryTimer expiryTimer;

    @Autowired
    CheckoutExpiry expiry;

    @Autowired
    CheckoutSettings settings;

    @Test
    void fiveThousandHoldsEndingInTheSameSecondAllComeBackOnSale() {
        long sale = api.createSale(TestApi.saleRequest(HOLDS));
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(5);
        expiryTimer.scheduleAll(holdsEndingAt(sale, HOLDS, deadline));

        // how soon is the benchmark's to measure on a quiet machine; this test prints what it saw
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Integer.toString(HOLDS).equals(live.available(sale)));
        Duration late = Duration.between(deadline, Instant.now());

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? "
                + "AND status = 'EXPIRED'", Integer.class, sale)).isEqualTo(HOLDS);
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
        System.out.printf("expiry storm: %,d holds back on sale %d ms after their deadline%n", HOLDS,
                late.toMillis());
    }

    @Test
    void holdsWhoseExpiryMessagesWereLostAreSweptInOnePassHoweverMany() {
        int holds = settings.sweepBatch() * 2 + 3;
        long sale = api.createSale(TestApi.saleRequest(holds));
        holdsEndingAt(sale, holds, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)); // no messages

        assertThat(expiry.sweep()).isEqualTo(holds);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? "
                + "AND status = 'EXPIRED'", Integer.class, sale)).isEqualTo(holds);
        assertThat(live.available(sale)).isEqualTo(Integer.toString(holds));
        assertThat(expiry.sweep()).isZero();
    }

    /** Every unit held by a written checkout of its own buyer, all ending at the same second; their deadlines. */
    private Map<CheckoutId, Instant> holdsEndingAt(long sale, int holds, Instant deadline) {
        List<Object[]> rows = new ArrayList<>();
        Map<CheckoutId, Instant> deadlines = new HashMap<>();
        for (int i = 0; i < holds; i++) {
            CheckoutId checkoutId = CheckoutId.random();
            deadlines.put(checkoutId, deadline);
            rows.add(new Object[] {checkoutId.toString(), 2_000_000_000L + i, sale, Timestamp.from(deadline),
                    Timestamp.from(Instant.now())});
        }
        jdbc.batchUpdate("INSERT INTO checkout (checkout_id, user_id, promotion_variant_id, quantity, unit_price, "
                + "status, expires_at, hold_seconds, created_at) VALUES (?, ?, ?, 1, 800.00, 'CHECKOUT', ?, 60, ?)", rows);
        jdbc.update("UPDATE promotion_variant SET reserved = ? WHERE id = ?", holds, sale);
        live.setAvailable(sale, 0);
        return deadlines;
    }
}
