package io.flashsale.security;

import static io.flashsale.support.StompTestClient.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Defence in depth behind the broker and Redis: whoever can write to them still can't make a checkout at a price,
 * quantity or hold the database's promotion variant does not allow.
 */
@FlashsaleTest
class TamperingTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    RabbitListenerEndpointRegistry listeners;

    @Test
    void aMessageForgedOnTheBrokerHoldsNothing() {
        Map<String, Object> request = TestApi.saleRequest(100); // 1000.00 at 0.8: 800.00, limit 2
        long sale = api.createSale(request);
        CheckoutId forged = CheckoutId.random();
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
        rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, new CheckoutReserved(forged,
                PromotionVariantId.of(sale), UserId.of(4242), 50, new BigDecimal("0.01"), 60, deadline, null, null));
        String genuine = api.snapUpAccepted(api.buyerToken(), sale); // behind it in the queue

        await().atMost(Duration.ofSeconds(10)).until(() -> rows(genuine) == 1 && rows(forged.toString()) == 1);
        assertThat(status(forged.toString())).isEqualTo("FAILED"); // recorded, never live
        assertThat(status(genuine)).isEqualTo("CHECKOUT");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isEqualTo(1);
        assertThat(live.available(sale)).isEqualTo("99");
    }

    @Test
    void aMessageForgedWithAGenuineCheckoutIdCannotChangeWhatTheCheckoutHolds() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String buyer = api.buyerToken();
        listeners.getListenerContainer("checkoutWorker").stop(); // both messages wait in the queue
        String checkoutId;
        try {
            checkoutId = api.snapUpAccepted(buyer, sale);
            Instant deadline = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(60);
            rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, new CheckoutReserved(
                    CheckoutId.of(checkoutId), PromotionVariantId.of(sale), UserId.of(4242), 2,
                    new BigDecimal("800.00"), 60, deadline, null, null));
        } finally {
            listeners.getListenerContainer("checkoutWorker").start();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> rows(checkoutId) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ?", Integer.class, sale) >= 1);
        assertThat(jdbc.queryForMap("SELECT quantity, status, user_id FROM checkout WHERE checkout_id = ?",
                checkoutId)).containsEntry("quantity", 1).containsEntry("status", "CHECKOUT")
                .doesNotContainEntry("user_id", 4242L);
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isEqualTo(1);
        assertThat(live.available(sale)).isEqualTo("9");
    }

    @Test
    void aVersionWrittenIntoRedisDoesNotShieldTamperedTermsFromTheSync() {
        long sale = api.createSale(TestApi.saleRequest(10));
        live.setField(sale, "version", "999999");
        live.setField(sale, "unitPrice", "0.01");

        live.syncAll();

        assertThat(live.state(sale)).containsEntry("unitPrice", "800.00").doesNotContainEntry("version", "999999")
                .containsEntry("available", "10");
    }

    @Test
    void aPriceWrittenIntoRedisNeverBecomesTheCheckoutsPrice() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        live.setField(sale, "unitPrice", "0.01"); // behind the scripts' back
        String buyer = api.buyerToken();
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            String checkoutId = api.snapUpAccepted(buyer, sale);

            assertThat(next(events, "CheckoutFailed", 10)).containsEntry("checkoutId", checkoutId);
            assertThat(status(checkoutId)).isEqualTo("FAILED");
        }
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
        assertThat(live.available(sale)).isEqualTo("10"); // its units came back
    }

    @Test
    void aLimitWrittenIntoRedisNeverLetsABuyerTakeMoreThanTheDatabaseAllows() {
        long sale = api.createSale(TestApi.saleRequest(10)); // limit 2
        live.setField(sale, "limit", "50");
        String buyer = api.buyerToken();

        String taken = (String) api.snapUp(buyer, sale, 5).expectStatus().isAccepted()
                .returnResult(TestApi.JSON).getResponseBody().get("checkoutId");

        await().atMost(Duration.ofSeconds(10)).until(() -> rows(taken) == 1);
        assertThat(status(taken)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
    }

    @Test
    void theSyncRestoresEveryTermWrittenIntoRedis() {
        long sale = api.createSale(TestApi.saleRequest(10));
        live.setField(sale, "unitPrice", "0.01");
        live.setField(sale, "limit", "50");
        live.setField(sale, "holdSeconds", "86400");
        live.setField(sale, "enabled", "0");
        live.addToAvailable(sale, -3); // three units held meanwhile: not a term, left alone

        live.syncAll();

        assertThat(live.state(sale)).containsEntry("unitPrice", "800.00").containsEntry("limit", "2")
                .containsEntry("holdSeconds", "60").containsEntry("enabled", "1").containsEntry("available", "7");
    }

    private int rows(String checkoutId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE checkout_id = ?", Integer.class, checkoutId);
    }

    private String status(String checkoutId) {
        return jdbc.queryForObject("SELECT status FROM checkout WHERE checkout_id = ?", String.class, checkoutId);
    }
}
