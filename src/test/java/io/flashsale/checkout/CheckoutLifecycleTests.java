package io.flashsale.checkout;

import static io.flashsale.support.StompTestClient.next;
import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@FlashsaleTest
class CheckoutLifecycleTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    CheckoutExpiry expiry;

    @Autowired
    CheckoutLifecycle checkouts;

    @Autowired
    AmqpAdmin rabbit;

    @Test
    void showsAQueuedCheckoutThenItsOrderAndListsTheBuyersCheckouts() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String buyer = api.buyerToken();
        String checkoutId = api.snapUpAccepted(buyer, sale);
        get(buyer, checkoutId).expectStatus().isOk().expectBody()
                .jsonPath("$.status").value(status -> assertThat(status).isIn("QUEUED", "CHECKOUT"));

        String status = awaitWritten(buyer, checkoutId);

        assertThat(status).isEqualTo("CHECKOUT");
        get(buyer, checkoutId).expectBody().jsonPath("$.promotionVariantId").isEqualTo((int) sale)
                .jsonPath("$.quantity").isEqualTo(1).jsonPath("$.unitPrice").isEqualTo("800.00");
        api.client().get().uri("/api/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(buyer)).exchange()
                .expectBody().jsonPath("$[0].checkoutId").isEqualTo(checkoutId).jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void anotherBuyersCheckoutIsNotFound() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String buyer = api.buyerToken();
        String checkoutId = api.snapUpAccepted(buyer, sale);
        awaitWritten(buyer, checkoutId);
        String stranger = api.buyerToken();

        get(stranger, checkoutId).expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        action(stranger, checkoutId, "cancel").expectStatus().isNotFound();
        get(stranger, UUID.randomUUID().toString()).expectStatus().isNotFound();
    }

    @Test
    void confirmsThenPaysAndCountsTheUnitSold() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        String buyer = api.buyerToken();
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            String checkoutId = api.snapUpAccepted(buyer, sale);
            Instant holdEnds = Instant.parse((String) next(events, "OrderChecked", 10).get("expiresAt"));

            action(buyer, checkoutId, "pay").expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_STATE"); // not confirmed yet
            Map<String, Object> confirmed = confirm(buyer, checkoutId).expectStatus().isOk()
                    .returnResult(TestApi.JSON).getResponseBody();
            assertThat(confirmed).containsEntry("status", "CONFIRMED");
            assertThat(Instant.parse((String) confirmed.get("expiresAt"))).isAfterOrEqualTo(holdEnds);
            next(events, "CheckoutConfirmed", 10);
            confirm(buyer, checkoutId).expectStatus().isEqualTo(409);

            action(buyer, checkoutId, "pay").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PAID");
            next(events, "CheckoutPaid", 10);
            action(buyer, checkoutId, "cancel").expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_STATE");
        }
        assertThat(jdbc.queryForMap("SELECT reserved, sold FROM promotion_variant WHERE id = ?", sale))
                .containsEntry("reserved", 0).containsEntry("sold", 1);
        assertThat(available(sale)).isEqualTo("9");
    }

    @Test
    void cancellingGivesTheStockBackAtOnce() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(1));
        String buyer = api.buyerToken();
        String checkoutId = api.snapUpAccepted(buyer, sale);
        awaitWritten(buyer, checkoutId);
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409);

        action(buyer, checkoutId, "cancel").expectStatus().isOk().expectBody().jsonPath("$.status")
                .isEqualTo("CANCELLED");

        assertThat(available(sale)).isEqualTo("1");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isAccepted();
    }

    @Test
    void releasesStockWhenTheHoldExpires() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(1);
        request.put("holdSeconds", 10);
        long sale = api.createSale(request);
        String buyer = api.buyerToken();
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer)) {
            BlockingQueue<Map<String, Object>> events = socket.subscribe("/user/queue/checkouts");
            String checkoutId = api.snapUpAccepted(buyer, sale);
            next(events, "OrderChecked", 10);
            assertThat(available(sale)).isEqualTo("0");

            Map<String, Object> expired = next(events, "CheckoutExpired", 25); // the delayed message, no sweep
            assertThat(expired).containsEntry("checkoutId", checkoutId).containsEntry("status", "EXPIRED");
            get(buyer, checkoutId).expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
            confirm(buyer, checkoutId).expectStatus().isEqualTo(409);
        }
        assertThat(available(sale)).isEqualTo("1");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
    }

    @Test
    void theSweepExpiresACheckoutWhoseExpiryMessageWasLost() {
        long sale = api.createSale(TestApi.saleRequest(2));
        String buyer = api.buyerToken();
        String checkoutId = api.snapUpAccepted(buyer, sale);
        awaitWritten(buyer, checkoutId);
        for (Duration tier : Messaging.HOLD_TIERS) { // the expiry message is lost, on whichever hop it was
            rabbit.purgeQueue(Messaging.holdQueue(tier).getName(), false);
        }
        jdbc.update("UPDATE checkout SET expires_at = ? WHERE checkout_id = ?",
                Timestamp.from(Instant.now().minusSeconds(1)), checkoutId);

        assertThat(expiry.sweep()).isEqualTo(1);

        get(buyer, checkoutId).expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
        assertThat(available(sale)).isEqualTo("2");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
        assertThat(expiry.sweep()).isZero();
    }

    @Test
    void paymentRacingExpiryHasOneWinnerAndCountsTheStockOnce() throws Exception {
        int races = 8;
        long sale = api.createSale(TestApi.saleRequest(races));
        List<String> buyers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < races; i++) {
            String buyer = api.buyerToken();
            String checkoutId = api.snapUpAccepted(buyer, sale);
            awaitWritten(buyer, checkoutId);
            confirm(buyer, checkoutId).expectStatus().isOk();
            buyers.add(buyer);
            ids.add(checkoutId);
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < races; i++) {
                // The deadline falls on a whole second (what the database keeps), both racers aim at it.
                Instant deadline = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
                jdbc.update("UPDATE checkout SET expires_at = ? WHERE checkout_id = ?", Timestamp.from(deadline),
                        ids.get(i));
                String buyer = buyers.get(i);
                String checkoutId = ids.get(i);
                Future<?> pay = threads.submit(() -> {
                    sleepUntil(deadline);
                    return action(buyer, checkoutId, "pay").returnResult(String.class).getStatus().value();
                });
                Future<?> expire = threads.submit(() -> {
                    sleepUntil(deadline);
                    return checkouts.expire(CheckoutId.of(checkoutId));
                });
                pay.get();
                expire.get();
                expiry.sweep(); // whatever neither racer settled
            }
        }
        Map<String, Object> counts = jdbc.queryForMap("""
                SELECT SUM(status = 'PAID') AS paid, SUM(status = 'EXPIRED') AS expired, COUNT(*) AS total
                FROM checkout WHERE promotion_variant_id = ?""", sale);
        int paid = ((Number) counts.get("paid")).intValue();
        assertThat(paid + ((Number) counts.get("expired")).intValue()).isEqualTo(races);
        assertThat(jdbc.queryForMap("SELECT reserved, sold FROM promotion_variant WHERE id = ?", sale))
                .containsEntry("reserved", 0).containsEntry("sold", paid);
        assertThat(available(sale)).isEqualTo(String.valueOf(races - paid));
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private String awaitWritten(String buyer, String checkoutId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !"QUEUED".equals(status(buyer, checkoutId)));
        return status(buyer, checkoutId);
    }

    private String status(String buyer, String checkoutId) {
        Map<String, Object> body = get(buyer, checkoutId).expectStatus().isOk().returnResult(TestApi.JSON)
                .getResponseBody();
        return (String) body.get("status");
    }

    private RestTestClient.ResponseSpec get(String buyer, String checkoutId) {
        return api.client().get().uri("/api/checkouts/{id}", checkoutId).header(HttpHeaders.AUTHORIZATION,
                bearer(buyer)).exchange();
    }

    private RestTestClient.ResponseSpec confirm(String buyer, String checkoutId) {
        return api.client().post().uri("/api/checkouts/{id}/confirm", checkoutId)
                .header(HttpHeaders.AUTHORIZATION, bearer(buyer)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("address", "1 Main Street, Springfield")).exchange();
    }

    private RestTestClient.ResponseSpec action(String buyer, String checkoutId, String action) {
        return api.client().post().uri("/api/checkouts/{id}/" + action, checkoutId)
                .header(HttpHeaders.AUTHORIZATION, bearer(buyer)).exchange();
    }

    private Object available(long sale) {
        return live.available(sale);
    }
}
