package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** During a rolling deploy, instances of the previous version still use the table's old name, checkout_order. */
@FlashsaleTest
class PreviousVersionTableTests {

    @Autowired
    TestApi api;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void thePreviousVersionsWritesAndUpdatesUnderTheOldNameLandInTheCheckoutTable() {
        long sale = api.createSale(TestApi.saleRequest(5));
        String checkoutId = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO checkout_order (checkout_id, user_id, promotion_variant_id, quantity, unit_price, "
                + "status, expires_at, hold_seconds, created_at, closed_at) VALUES (?, 7, ?, 1, 800.00, 'CHECKOUT', "
                + "?, 60, ?, NULL)", checkoutId, sale, now, now);
        jdbc.update("UPDATE checkout_order SET status = 'CONFIRMED', address = 'Main St' WHERE checkout_id = ?",
                checkoutId);

        assertThat(jdbc.queryForMap("SELECT status, address, client_address FROM checkout WHERE checkout_id = ?",
                checkoutId)).containsEntry("status", "CONFIRMED").containsEntry("address", "Main St")
                .containsEntry("client_address", null);
    }
}
