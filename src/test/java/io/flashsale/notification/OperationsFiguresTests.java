package io.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The operators' live figures over STOMP: sent every second to operators, refused to buyers. */
@FlashsaleTest
class OperationsFiguresTests {

    @Autowired
    TestApi api;

    @Test
    @SuppressWarnings("unchecked")
    void anOperatorHearsTheRatesAndTheQueues() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), api.operatorToken())) {
            BlockingQueue<Map<String, Object>> figures = socket.subscribe(OperationsFigures.TOPIC);
            Map<String, Object> first = figures.poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull().containsKeys("at", "acceptedPerSecond", "refusedPerSecond", "queueDepth",
                    "deadLetters", "holdsExpiringSoon", "expiringWithinSeconds", "notificationLagMs",
                    "notificationLagMaxMs");

            String buyer = api.buyerToken();
            api.snapUpAccepted(buyer, sale);
            api.snapUp(buyer, 987_654_321L, 1).expectStatus().isNotFound();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Map<String, Object> next = figures.poll(2, TimeUnit.SECONDS);
                return next != null && ((Number) next.get("acceptedPerSecond")).doubleValue() > 0
                        && ((Map<String, Object>) next.get("refusedPerSecond")).containsKey("NOT_FOUND");
            });
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Map<String, Object> next = figures.poll(2, TimeUnit.SECONDS);
                return next != null && ((Number) next.get("holdsExpiringSoon")).longValue() == 1
                        && ((Number) next.get("notificationLagMaxMs")).doubleValue() > 0;
            });
        }
    }

    @Test
    void aBuyerMayNotSubscribe() throws Exception {
        StompTestClient buyer = StompTestClient.connect(api.baseUrl(), api.buyerToken());
        buyer.subscribeUnconfirmed(OperationsFigures.TOPIC);
        await().atMost(Duration.ofSeconds(5)).until(() -> !buyer.isConnected());
        assertThat(buyer.errors()).anySatisfy(error -> assertThat(error).contains("operators"));
    }
}
