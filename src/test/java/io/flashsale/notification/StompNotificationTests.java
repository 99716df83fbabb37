package io.flashsale.notification;

import static io.flashsale.support.StompTestClient.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.broker.DefaultSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;

@FlashsaleTest
class StompNotificationTests {

    @Autowired
    TestApi api;

    @Autowired
    SimpleBrokerMessageHandler broker;

    @Autowired
    NotificationSettings settings;

    @Test
    void theWinnerReceivesOrderCheckedWithItsCheckoutId() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        String winner = api.buyerToken();
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), winner)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            String checkoutId = api.snapUpAccepted(winner, sale);

            Map<String, Object> event = next(events, "OrderChecked", 10);
            assertThat(event).containsEntry("checkoutId", checkoutId).containsEntry("status", "CHECKOUT")
                    .containsEntry("promotionVariantId", (int) sale).containsKey("expiresAt");
        }
    }

    @Test
    void nobodyElseReceivesAnotherBuyersEvents() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        String winner = api.buyerToken();
        try (StompTestClient other = StompTestClient.connect(api.baseUrl(), api.buyerToken());
                StompTestClient mine = StompTestClient.connect(api.baseUrl(), winner)) {
            BlockingQueue<Map<String, Object>> othersQueue = other.subscribe("/user/queue/checkouts");
            BlockingQueue<Map<String, Object>> myQueue = mine.subscribe("/user/queue/checkouts");
            api.snapUpAccepted(winner, sale);

            next(myQueue, "OrderChecked", 10);
            assertThat(othersQueue.poll(1, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void refusesSubscriptionsToAnyoneElsesQueue() throws Exception {
        String winner = api.buyerToken();
        String subject = SignedJWT.parse(winner).getJWTClaimsSet().getSubject();
        for (String destination : new String[] {"/user/" + subject + "/queue/checkouts",
                "/queue/checkouts-user" + "abc", "/queue/checkouts", "/topic/anything"}) {
            StompTestClient intruder = StompTestClient.connect(api.baseUrl(), api.buyerToken());
            intruder.subscribeUnconfirmed(destination);
            await().atMost(Duration.ofSeconds(5)).until(() -> !intruder.isConnected());
            assertThat(intruder.errors()).as(destination).isNotEmpty();
        }
    }

    @Test
    void refusesAConnectWithoutAValidToken() {
        assertThatThrownBy(() -> StompTestClient.connect(api.baseUrl(), null)).isNotNull();
        assertThatThrownBy(() -> StompTestClient.connect(api.baseUrl(), "not.a.token")).isNotNull();
    }

    @Test
    void publishesRemainingStockOnThePromotionVariantsTopic() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), api.buyerToken())) {
            BlockingQueue<Map<String, Object>> stock = socket.subscribe("/topic/promotion-variants/" + sale);
            Map<String, Object> initial = stock.poll(5, TimeUnit.SECONDS);
            assertThat(initial).containsEntry("promotionVariantId", (int) sale).containsEntry("available", 5);

            api.snapUpAccepted(api.buyerToken(), sale);

            assertThat(stock.poll(5, TimeUnit.SECONDS)).containsEntry("available", 4);
        }
    }

    @Test
    void theBrokerRemembersTheSubscribersOfAsManyDestinationsAsTheSettingSaysNotTheFrameworksThousand() {
        // each session's private queue is a destination of its own: with the framework's 1,024, thousands of
        // sessions meant a scan of every subscription for each private event
        assertThat(settings.brokerCacheLimit()).isGreaterThan(DefaultSubscriptionRegistry.DEFAULT_CACHE_LIMIT);
        assertThat(broker.getSubscriptionRegistry()).isInstanceOfSatisfying(DefaultSubscriptionRegistry.class,
                registry -> assertThat(registry.getCacheLimit()).isEqualTo(settings.brokerCacheLimit()));
    }
}
