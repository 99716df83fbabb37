package io.flashsale.promotion;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@FlashsaleTest
class AdminPromotionApiTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void createsASaleAndWritesItsLiveStateToRedisUnderOneHashTag() {
        Map<String, Object> request = TestApi.saleRequest(100);
        RestTestClient.ResponseSpec response = post(request).expectStatus().isCreated();
        Map<String, Object> body = response.returnResult(TestApi.JSON).getResponseBody();
        long id = ((Number) body.get("id")).longValue();

        post(request); // a second sale, to see that the keys are per sale
        assertThat(body).containsEntry("name", "Nova phone").containsEntry("price", "1000.00")
                .containsEntry("salePrice", "800.00").containsEntry("stock", 100).containsEntry("quantityLimit", 2)
                .containsEntry("holdSeconds", 60).containsEntry("enabled", true)
                .containsEntry("startsAt", request.get("startsAt")).containsEntry("endsAt", request.get("endsAt"));
        assertThat(body.get("stats")).isEqualTo(
                Map.of("stock", 100, "available", 100, "reserved", 0, "sold", 0, "queued", 0));

        Map<Object, Object> state = live.state(id);
        assertThat(state).containsEntry("available", "100").containsEntry("stock", "100")
                .containsEntry("enabled", "1").containsEntry("limit", "2").containsEntry("holdSeconds", "60")
                .containsEntry("unitPrice", "800.00")
                .containsEntry("startsAt", String.valueOf(Instant.parse((String) request.get("startsAt")).toEpochMilli()))
                .containsEntry("endsAt", String.valueOf(Instant.parse((String) request.get("endsAt")).toEpochMilli()));
        long ttlSeconds = live.secondsToLive(id);
        long expected = Instant.parse((String) request.get("endsAt")).getEpochSecond() + 2 * 60 + 86_400
                - Instant.now().getEpochSecond();
        assertThat(ttlSeconds).isCloseTo(expected, within(5L));
    }

    @Test
    void answersTheLocationOfTheNewSale() {
        String location = post(TestApi.saleRequest(5)).expectStatus().isCreated()
                .returnResult(TestApi.JSON).getResponseHeaders().getLocation().toString();
        get(location).expectStatus().isOk().expectBody().jsonPath("$.stock").isEqualTo(5);
    }

    @Test
    void listsSalesWithTheirStats() {
        long first = api.createSale(TestApi.saleRequest(10));
        long second = api.createSale(TestApi.saleRequest(20));
        jdbc.update("UPDATE promotion_variant SET reserved = 3, sold = 2 WHERE id = ?", second);
        live.addToAvailable(second, -5);
        live.putHold(second, "c-1", "queued hold");

        get("/api/admin/promotion-variants").expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].id").isEqualTo((int) second)
                .jsonPath("$[0].stats").isEqualTo(Map.of("stock", 20, "available", 15, "reserved", 3, "sold", 2,
                        "queued", 1))
                .jsonPath("$[1].id").isEqualTo((int) first);
    }

    @Test
    void aStockTopUpRaisesAvailableByTheDifferenceKeepingHoldsCounted() {
        long id = api.createSale(TestApi.saleRequest(100));
        live.addToAvailable(id, -30); // 30 units held meanwhile

        patch(id, Map.of("stock", 150)).expectStatus().isOk()
                .expectBody().jsonPath("$.stock").isEqualTo(150).jsonPath("$.stats.available").isEqualTo(120);
        assertThat(live.available(id)).isEqualTo("120");
        assertThat(live.field(id, "stock")).isEqualTo("150");

        patch(id, Map.of("stock", 60)).expectStatus().isOk();
        assertThat(live.available(id)).isEqualTo("30");
    }

    @Test
    void refusesStockBelowWhatIsReservedOrSold() {
        long id = api.createSale(TestApi.saleRequest(100));
        jdbc.update("UPDATE promotion_variant SET reserved = 25, sold = 15 WHERE id = ?", id);

        patch(id, Map.of("stock", 39)).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("STOCK_BELOW_COMMITTED");
        patch(id, Map.of("stock", 40)).expectStatus().isOk();
        assertThat(jdbc.queryForObject("SELECT stock FROM promotion_variant WHERE id = ?", Integer.class, id))
                .isEqualTo(40);
    }

    @Test
    void aPatchChangesTheLiveSaleAtOnce() {
        long id = api.createSale(TestApi.saleRequest(10));
        patch(id, Map.of("enabled", false, "quantityLimit", 1, "price", "500.00")).expectStatus().isOk()
                .expectBody().jsonPath("$.enabled").isEqualTo(false).jsonPath("$.salePrice").isEqualTo("400.00");

        Map<Object, Object> state = live.state(id);
        assertThat(state).containsEntry("enabled", "0").containsEntry("limit", "1")
                .containsEntry("unitPrice", "400.00").containsEntry("available", "10");
    }

    @Test
    void answersNotFoundForAnUnknownSale() {
        get("/api/admin/promotion-variants/999999").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        patch(999999, Map.of("stock", 1)).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void forbidsABuyerToCreateASale() {
        api.client().post().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken()))
                .contentType(MediaType.APPLICATION_JSON).body(TestApi.saleRequest(1))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM promotion_variant", Integer.class)).isZero();
    }

    private RestTestClient.ResponseSpec post(Map<String, Object> request) {
        return api.client().post().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(request).exchange();
    }

    private RestTestClient.ResponseSpec patch(long id, Map<String, Object> patch) {
        return api.client().patch().uri("/api/admin/promotion-variants/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(patch).exchange();
    }

    private RestTestClient.ResponseSpec get(String uri) {
        return api.client().get().uri(uri).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange();
    }
}
