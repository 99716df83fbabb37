package io.flashsale.snapup;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

@FlashsaleTest
class SnapUpApiTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void acceptsASnapUpWithItsLocationAndHoldDeadline() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Instant before = Instant.now();
        var result = api.snapUp(api.buyerToken(), sale, 2).expectStatus().isAccepted()
                .returnResult(TestApi.JSON);
        Map<String, Object> body = result.getResponseBody();

        assertThat(body).containsEntry("status", "QUEUED").containsKeys("checkoutId", "expiresAt");
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/checkouts/" + body.get("checkoutId"));
        Instant expiresAt = Instant.parse((String) body.get("expiresAt"));
        assertThat(expiresAt).isBetween(before.plusSeconds(60), Instant.now().plusSeconds(61));
        assertThat(expiresAt.getNano()).as("deadlines are whole seconds").isZero();
        assertThat(available(sale)).isEqualTo("8");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameCheckoutAndNoSecondReservation() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String token = api.buyerToken();
        String first = idempotent(token, sale, "retry-1").expectStatus().isAccepted()
                .returnResult(TestApi.JSON).getResponseBody().get("checkoutId").toString();
        String second = idempotent(token, sale, "retry-1").expectStatus().isAccepted()
                .returnResult(TestApi.JSON).getResponseBody().get("checkoutId").toString();
        String third = idempotent(token, sale, "retry-2").expectStatus().isAccepted()
                .returnResult(TestApi.JSON).getResponseBody().get("checkoutId").toString();

        assertThat(second).isEqualTo(first);
        assertThat(third).isNotEqualTo(first);
        assertThat(available(sale)).isEqualTo("8");
        idempotent(api.buyerToken(), sale, "retry-1").expectStatus().isAccepted()
                .expectBody().jsonPath("$.checkoutId").value(id -> assertThat(id).isNotEqualTo(first));
    }

    @Test
    void refusesWhatTheSaleDoesNotAllowWithItsCode() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> upcoming = TestApi.saleRequest(10);
        upcoming.put("startsAt", now.plus(1, ChronoUnit.HOURS).toString());
        Map<String, Object> ended = TestApi.saleRequest(10);
        ended.put("startsAt", now.minus(2, ChronoUnit.HOURS).toString());
        ended.put("endsAt", now.minus(1, ChronoUnit.HOURS).toString());
        Map<String, Object> disabled = TestApi.saleRequest(10);
        disabled.put("enabled", false);
        Map<String, Object> empty = TestApi.saleRequest(0);

        expectConflict(api.createSale(upcoming), 1, "NOT_STARTED");
        expectConflict(api.createSale(ended), 1, "ENDED");
        expectConflict(api.createSale(disabled), 1, "ENDED");
        expectConflict(api.createSale(empty), 1, "SOLD_OUT");
        expectConflict(api.createSale(TestApi.saleRequest(10)), 3, "LIMIT_EXCEEDED"); // limit 2
    }

    @Test
    void refusesWhatCanNotBeAdmittedAndReservesNothing() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String token = api.buyerToken();
        api.snapUp(token, sale, 11).expectStatus().isBadRequest() // over the most one snap-up may ask for
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("quantity");
        api.snapUp(token, 987_654, 1).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        api.client().post().uri("/api/snap-up/checkouts").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("promotionVariantId", sale)).exchange().expectStatus().isUnauthorized();
        assertThat(available(sale)).isEqualTo("10");
    }

    @Test
    void defaultsToOneUnit() {
        long sale = api.createSale(TestApi.saleRequest(10));
        post(api.buyerToken(), Map.of("promotionVariantId", sale)).expectStatus().isAccepted();
        assertThat(available(sale)).isEqualTo("9");
    }

    @Test
    void limitsTheRateOfOneBuyerWithRetryAfter() {
        long sale = api.createSale(TestApi.saleRequest(100));
        String token = api.buyerToken();
        boolean limited = false;
        for (int i = 0; i < 20 && !limited; i++) {
            var response = api.snapUp(token, sale, 1).returnResult(TestApi.JSON);
            if (response.getStatus().value() == 429) {
                limited = true;
                assertThat(response.getResponseBody()).containsEntry("code", "RATE_LIMITED");
                assertThat(Integer.parseInt(response.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
                        .isPositive();
            }
        }
        assertThat(limited).as("a burst beyond 5 a second is refused").isTrue();
    }

    @Test
    void answersSoldOutFromLocalMemoryUntilStockComesBack() {
        Map<String, Object> request = TestApi.saleRequest(1);
        long sale = api.createSale(request);
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isAccepted();
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409); // Redis says sold out, and tells all

        live.lose(sale); // Redis can no longer answer for this sale…
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SOLD_OUT"); // …and is not asked

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(503)); // the flag lapsed: Redis asked
    }

    @Test
    void learnsAtOnceThatStockCameBack() {
        long sale = api.createSale(TestApi.saleRequest(1));
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isAccepted();
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409);

        api.client().patch().uri("/api/admin/promotion-variants/{id}", sale)
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("stock", 2)).exchange()
                .expectStatus().isOk();

        await().atMost(Duration.ofMillis(300)).untilAsserted(() ->
                api.snapUp(api.buyerToken(), sale, 1).expectStatus().isAccepted());
    }

    private void expectConflict(long sale, int quantity, String code) {
        api.snapUp(api.buyerToken(), sale, quantity).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private RestTestClient.ResponseSpec idempotent(String token, long sale, String key) {
        return api.client().post().uri("/api/snap-up/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("promotionVariantId", sale)).exchange();
    }

    private RestTestClient.ResponseSpec post(String token, Map<String, Object> body) {
        return api.client().post().uri("/api/snap-up/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private Object available(long sale) {
        return live.available(sale);
    }
}
