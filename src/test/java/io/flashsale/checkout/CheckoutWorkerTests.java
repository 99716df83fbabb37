package io.flashsale.checkout;

import static io.flashsale.support.StompTestClient.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
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
    void aCheckoutWhoseHoldRanOutInTheQueueIsWrittenExpiredAndItsStockGivenBack() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(3);
        request.put("holdSeconds", 10);
        long sale = api.createSale(request);
        String buyer = api.buyerToken();
        listeners.getListenerContainer("checkoutWorker").stop();
        String checkoutId;
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            try {
                checkoutId = api.snapUpAccepted(buyer, sale);
                assertThat(available(sale)).isEqualTo("2");
                Thread.sleep(10_500); // the hold runs out while the message waits in the queue
            } finally {
                listeners.getListenerContainer("checkoutWorker").start();
            }
            Map<String, Object> event = next(events, "CheckoutExpired", 15);
            assertThat(event).containsEntry("checkoutId", checkoutId).containsEntry("status", "EXPIRED");
        }
        assertThat(jdbc.queryForObject("SELECT status FROM checkout WHERE checkout_id = ?", String.class,
                checkoutId)).isEqualTo("EXPIRED");
        assertThat(available(sale)).isEqualTo("3");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
    }

    @Test
    void aMessageThatKeepsFailingIsDeadLetteredAndItsUnitsGivenBack() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        String buyer = api.buyerToken();
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            // The promotion variant's row moves away under the queue: every write of this checkout fails, every time.
            listeners.getListenerContainer("checkoutWorker").stop();
            String checkoutId;
            try {
                checkoutId = api.snapUpAccepted(buyer, sale);
                jdbc.update("UPDATE promotion_variant SET id = id + 1000000 WHERE id = ?", sale);
            } finally {
                listeners.getListenerContainer("checkoutWorker").start();
            }

            Map<String, Object> failed = next(events, "CheckoutFailed", 30);
            assertThat(failed).containsEntry("checkoutId", checkoutId).containsEntry("status", "FAILED");
            assertThat(available(sale)).isEqualTo("5");
            assertThat(live.queued(sale)).isZero();
        } finally {
            jdbc.update("UPDATE promotion_variant SET id = id - 1000000 WHERE id = ?", sale + 1_000_000);
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
