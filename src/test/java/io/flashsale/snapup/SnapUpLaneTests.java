package io.flashsale.snapup;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The snap-up lane under a stampede, with a lane of two so the test can fill it: two snap-ups whose bodies are slow
 * to come fill the lane, the next is shed at once, and everything that is not a new snap-up still answers. And after
 * the last unit, a refusal asks no server.
 */
@FlashsaleTest
@DirtiesContext
@TestPropertySource(properties = {
    "flashsale.snapup.lane.algorithm=FIXED",
    "flashsale.snapup.lane.initial-limit=2",
    "flashsale.snapup.lane.min-limit=1",
    "flashsale.stock.sold-out-recheck=PT1M", // the flag does not lapse while the test counts
})
class SnapUpLaneTests {

    @Autowired
    TestApi api;

    @Autowired
    MeterRegistry meters;

    @Test
    void shedsSnapUpsBeyondTheLaneAtOnceWhileConfirmStatusOrdersOperatorsAndLivenessStillAnswer() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(100));
        String winner = api.buyerToken();
        String checkoutId = api.snapUpAccepted(winner, sale);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CHECKOUT".equals(status(winner, checkoutId)));
        double shedBefore = meters.counter("flashsale.snapup.shed").count();

        // two snap-ups whose bodies come slowly (as over a bad mobile link) hold the lane's two places
        List<SlowSnapUp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(new SlowSnapUp(api.baseUrl(), api.buyerToken(), sale));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> inflight() == 2);

            var shed = api.snapUp(api.buyerToken(), sale, 1).returnResult(TestApi.JSON);
            assertThat(shed.getStatus().value()).isEqualTo(429);
            assertThat(shed.getResponseBody()).containsEntry("code", "RATE_LIMITED");
            assertThat(shed.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(meters.counter("flashsale.snapup.shed").count()).isEqualTo(shedBefore + 1);

            assertThat(status(winner, checkoutId)).isEqualTo("CHECKOUT");
            api.client().get().uri("/api/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(winner)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$[0].checkoutId").isEqualTo(checkoutId);
            api.client().post().uri("/api/checkouts/{id}/confirm", checkoutId)
                    .header(HttpHeaders.AUTHORIZATION, bearer(winner)).contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("address", "1 Main Street, Springfield")).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CONFIRMED");
            api.client().post().uri("/api/checkouts/{id}/pay", checkoutId)
                    .header(HttpHeaders.AUTHORIZATION, bearer(winner)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PAID");
            api.client().get().uri("/api/admin/promotion-variants/{id}", sale)
                    .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                    .expectStatus().isOk();
            api.client().get().uri("/actuator/health/liveness").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
            api.client().get().uri("/actuator/health/readiness").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");

            // the held snap-ups were let in, not queued or refused: once their bodies arrive, they are served
            for (SlowSnapUp snapUp : held) {
                assertThat(snapUp.finish()).startsWith("HTTP/1.1 202");
            }
        } finally {
            for (SlowSnapUp snapUp : held) {
                snapUp.close();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> inflight() == 0);
    }

    @Test
    void refusesASoldOutSaleWithoutAskingRedis() {
        long sale = soldOut();

        double before = admitCalls();
        for (int i = 0; i < 20; i++) {
            api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("SOLD_OUT");
        }

        assertThat(admitCalls()).isEqualTo(before);
    }

    @Test
    void afterTheLastUnitTheGatesRefusalIsTheWholePathsAnswerAndNeitherAsksRedis() {
        long sale = soldOut();
        String body = "{\"promotionVariantId\": " + sale + "}";
        // a press with an Idempotency-Key always goes the whole way, to Redis
        EntityExchangeResult<Map<String, Object>> whole = post(body, MediaType.APPLICATION_JSON,
                bearer(api.buyerToken()), "key-" + sale).expectStatus().isEqualTo(409).returnResult(TestApi.JSON);
        double before = admitCalls();
        double gateBefore = gateRefusals();

        // without one, the sold-out gate answers: the same status, headers and body
        EntityExchangeResult<Map<String, Object>> gate = post(body, MediaType.APPLICATION_JSON,
                bearer(api.buyerToken()), null).expectStatus().isEqualTo(409).returnResult(TestApi.JSON);
        assertThat(gateRefusals()).isEqualTo(gateBefore + 1);
        // a body the gate does not read (not UTF-8) meets the same flag behind Spring MVC
        post(body, MediaType.parseMediaType("application/json;charset=ISO-8859-1"), bearer(api.buyerToken()), null)
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("SOLD_OUT");

        assertThat(gateRefusals()).isEqualTo(gateBefore + 1);
        assertThat(admitCalls()).isEqualTo(before);
        assertThat(gate.getResponseBody()).containsEntry("code", "SOLD_OUT").isEqualTo(whole.getResponseBody());
        assertThat(headersOf(gate)).isEqualTo(headersOf(whole)).containsKeys(HttpHeaders.CONTENT_TYPE,
                HttpHeaders.CACHE_CONTROL, "X-Content-Type-Options");
    }

    @Test
    void aSnapUpOfASoldOutSaleIsStillRefusedFirstForNoTokenOrABadBody() {
        long sale = soldOut();
        String buyer = bearer(api.buyerToken());
        String wellFormed = "{\"promotionVariantId\": " + sale + "}";
        post(wellFormed, MediaType.APPLICATION_JSON, null, null).expectStatus().isUnauthorized();
        post(wellFormed, MediaType.APPLICATION_JSON, "Bearer not-a-token", null).expectStatus().isUnauthorized();
        post("{\"promotionVariantId\": " + sale + ", \"quantity\": 0}", MediaType.APPLICATION_JSON, buyer, null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("quantity");
        post("{\"promotionVariantId\": " + sale + ", \"colour\": \"red\"}", MediaType.APPLICATION_JSON, buyer,
                null).expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        post("{\"promotionVariantId\": " + sale + ", \"quantity\": 11}", MediaType.APPLICATION_JSON, buyer, null)
                .expectStatus().isBadRequest(); // above the most one snap-up may ask
        post("{\"promotionVariantId\": ", MediaType.APPLICATION_JSON, buyer, null)
                .expectStatus().isBadRequest(); // cut short
        post(wellFormed, MediaType.APPLICATION_JSON, buyer, null).expectStatus().isEqualTo(409);
    }

    /** An answer's headers, without those of the connection and the clock. */
    private static Map<String, List<String>> headersOf(EntityExchangeResult<?> result) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        result.getResponseHeaders().forEach(headers::put);
        List.of(HttpHeaders.DATE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CONNECTION,
                "Keep-Alive").forEach(headers::remove);
        return headers;
    }

    /** A sale of one unit, sold, and this instance told so. */
    private long soldOut() {
        long sale = api.createSale(TestApi.saleRequest(1));
        api.snapUpAccepted(api.buyerToken(), sale);
        api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409); // the script announces sold out…
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> { // …and this instance hears it
            double before = admitCalls();
            api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(409);
            assertThat(admitCalls()).isEqualTo(before);
        });
        return sale;
    }

    private RestTestClient.ResponseSpec post(String body, MediaType type, String authorization,
            String idempotencyKey) {
        return api.client().post().uri("/api/snap-up/checkouts")
                .headers(h -> {
                    if (authorization != null) {
                        h.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(type).body(body).exchange();
    }

    private double gateRefusals() {
        return meters.counter("flashsale.snapup.gate.refusals").count();
    }

    private double admitCalls() {
        return meters.counter("flashsale.stock.scripts", "script", "admit").count();
    }

    private double inflight() {
        return meters.get("flashsale.snapup.lane.inflight").gauge().value();
    }

    private String status(String buyer, String checkoutId) {
        return (String) api.client().get().uri("/api/checkouts/{id}", checkoutId)
                .header(HttpHeaders.AUTHORIZATION, bearer(buyer)).exchange()
                .expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody().get("status");
    }

    /** A snap-up sent over a socket of its own: the headers and half the body now, the rest on {@link #finish}. */
    private static final class SlowSnapUp implements AutoCloseable {

        private final Socket socket;
        private final byte[] body;

        SlowSnapUp(String baseUrl, String token, long sale) throws IOException {
            URI uri = URI.create(baseUrl);
            this.socket = new Socket(uri.getHost(), uri.getPort());
            this.socket.setSoTimeout(20_000);
            this.body = ("{\"promotionVariantId\":" + sale + ",\"quantity\":1}").getBytes(StandardCharsets.US_ASCII);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/snap-up/checkouts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
        }

        /** Sends the rest of the body; returns the answer's status line. */
        String finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst()
                    .orElse("");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
