package io.flashsale.checkout;

import static io.flashsale.support.StompTestClient.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.shared.Messaging;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@FlashsaleTest
class CheckoutWorkerTests {

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

    @Autowired
    MeterRegistry meters;

    @Test
    void theSameMessageDeliveredTwiceWritesOneCheckout() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String checkoutId = api.snapUpAccepted(api.buyerToken(), sale);
        await().atMost(Duration.ofSeconds(10)).until(() -> written(checkoutId) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM checkout WHERE checkout_id = ?", checkoutId);
        CheckoutReserved again = new CheckoutReserved(CheckoutId.of(checkoutId), PromotionVariantId.of(sale),
                UserId.of(((Number) row.get("user_id")).longValue()), 1, (BigDecimal) row.get("unit_price"), 60,
                Instant.now().plusSeconds(60), null, null);

        rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, again);
        rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, again);

        await().atMost(Duration.ofSeconds(10)).until(() -> queueIsEmpty(Messaging.ORDERS));
        assertThat(written(checkoutId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isEqualTo(1);
    }

    @Test
    void aCheckoutQueuedLongerThanItsHoldGetsItsWholeHoldFromItsWrite() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(3);
        request.put("holdSeconds", 10);
        long sale = api.createSale(request);
        String buyer = api.buyerToken();
        listeners.getListenerContainer("checkoutWorker").stop();
        String checkoutId;
        Instant estimated;
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            try {
                Map<String, Object> accepted = api.snapUp(buyer, sale, 1).expectStatus().isAccepted()
                        .returnResult(TestApi.JSON).getResponseBody();
                checkoutId = (String) accepted.get("checkoutId");
                estimated = Instant.parse((String) accepted.get("expiresAt"));
                Thread.sleep(10_500); // the hold the 202 estimated runs out while the message waits in the queue
            } finally {
                listeners.getListenerContainer("checkoutWorker").start();
            }
            Map<String, Object> event = next(events, "OrderChecked", 15);
            Instant written = Instant.now();
            assertThat(event).containsEntry("checkoutId", checkoutId).containsEntry("status", "CHECKOUT");
            Instant deadline = Instant.parse((String) event.get("expiresAt"));
            assertThat(deadline).as("the hold counts from the write").isAfter(estimated.plusSeconds(9))
                    .isAfterOrEqualTo(written.plusSeconds(8));
            assertThat(jdbc.queryForObject("SELECT expires_at FROM checkout WHERE checkout_id = ?", Timestamp.class,
                    checkoutId).toInstant()).isEqualTo(deadline);
        }
        assertThat(jdbc.queryForObject("SELECT status FROM checkout WHERE checkout_id = ?", String.class,
                checkoutId)).isEqualTo("CHECKOUT");
        assertThat(available(sale)).isEqualTo("2");
    }

    @Test
    void aDeadLetteredCheckoutWhoseRecordTheDatabaseRefusesIsNeverDropped() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        String buyer = api.buyerToken();
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            // The promotion variant's row moves away under the queue: every write of this checkout fails; and the
            // dead-letter table is away too, so the record of it for operators fails once it is dead-lettered.
            listeners.getListenerContainer("checkoutWorker").stop();
            String checkoutId;
            double retried = meters.counter("flashsale.checkouts.dead.retried").count();
            try {
                checkoutId = api.snapUpAccepted(buyer, sale);
                jdbc.update("UPDATE promotion_variant SET id = id + 1000000 WHERE id = ?", sale);
                jdbc.execute("RENAME TABLE dead_letter TO dead_letter_away");
            } finally {
                listeners.getListenerContainer("checkoutWorker").start();
            }
            // five deliveries, each retried in the listener with back-off, before the broker dead-letters it
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> meters.counter("flashsale.checkouts.dead.retried").count() >= retried + 2);
            assertThat(available(sale)).as("nothing given back").isEqualTo("4");
            assertThat(live.queued(sale)).isEqualTo(1);
            assertThat(events.poll()).as("nobody told").isNull();

            jdbc.update("UPDATE promotion_variant SET id = id - 1000000 WHERE id = ?", sale + 1_000_000); // back
            jdbc.execute("RENAME TABLE dead_letter_away TO dead_letter");

            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM dead_letter WHERE checkout_id = ? AND status = 'PENDING'", Integer.class,
                    checkoutId) == 1);
            assertThat(written(checkoutId)).as("kept for an operator, not written").isZero();
            assertThat(available(sale)).as("its units stay held until an operator acts").isEqualTo("4");
            assertThat(live.queued(sale)).isEqualTo(1);
            assertThat(events.poll()).as("its buyer still sees it queued").isNull();
        } finally {
            jdbc.update("UPDATE promotion_variant SET id = id - 1000000 WHERE id = ?", sale + 1_000_000);
            if (jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name = 'dead_letter_away'", Integer.class) == 1) {
                jdbc.execute("RENAME TABLE dead_letter_away TO dead_letter");
            }
        }
    }

    private int written(String checkoutId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE checkout_id = ?", Integer.class,
                checkoutId);
    }

    private boolean queueIsEmpty(String queue) {
        return rabbit.execute(channel -> channel.queueDeclarePassive(queue).getMessageCount()) == 0;
    }

    private Object available(long sale) {
        return live.available(sale);
    }
}
