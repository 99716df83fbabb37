package io.flashsale.promotion;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@FlashsaleTest
class AdminPromotionApiTests {

    @Autowired
    TestApi api;

    @Autowired
    StringRedisTemplate redis;

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

        Map<Object, Object> live = redis.opsForHash().entries("{pv:" + id + "}:sale");
        assertThat(live).containsEntry("available", "100").containsEntry("stock", "100")
                .containsEntry("enabled", "1").containsEntry("limit", "2").containsEntry("holdSeconds", "60")
                .containsEntry("unitPrice", "800.00")
                .containsEntry("startsAt", String.valueOf(Instant.parse((String) request.get("startsAt")).toEpochMilli()))
                .containsEntry("endsAt", String.valueOf(Instant.parse((String) request.get("endsAt")).toEpochMilli()));
        long ttlSeconds = redis.getExpire("{pv:" + id + "}:sale");
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
    void rejectsInvalidFieldsWithOneErrorPerField() {
        Map<String, Object> request = TestApi.saleRequest(-1);
        request.put("discountRate", 0);
        request.put("quantityLimit", 0);
        request.put("holdSeconds", 5);
        request.put("price", "12.345");
        request.remove("name");
        request.put("imageUrl", "javascript:alert(1)");
        post(request).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder(
                        "discountRate", "holdSeconds", "imageUrl", "name", "price", "quantityLimit", "stock"));
    }

    @Test
    void rejectsASaleThatEndsBeforeItStarts() {
        Map<String, Object> request = TestApi.saleRequest(10);
        request.put("endsAt", request.get("startsAt"));
        post(request).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("endsAt");
    }

    @Test
    void rejectsAWindowNoDatabaseCanHold() {
        Map<String, Object> request = TestApi.saleRequest(10);
        request.put("startsAt", "1900-01-01T00:00:00Z");
        post(request).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("startsAt");
        request = TestApi.saleRequest(10);
        request.put("endsAt", "+999999-01-01T00:00:00Z");
        post(request).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("endsAt");
    }

    @Test
    void listsSalesWithTheirStats() {
        long first = api.createSale(TestApi.saleRequest(10));
        long second = api.createSale(TestApi.saleRequest(20));
        jdbc.update("UPDATE promotion_variant SET reserved = 3, sold = 2 WHERE id = ?", second);
        redis.opsForHash().increment("{pv:" + second + "}:sale", "available", -5);
        redis.opsForHash().put("{pv:" + second + "}:holds", "c-1", "queued hold");

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
        redis.opsForHash().increment("{pv:" + id + "}:sale", "available", -30); // 30 units held meanwhile

        patch(id, Map.of("stock", 150)).expectStatus().isOk()
                .expectBody().jsonPath("$.stock").isEqualTo(150).jsonPath("$.stats.available").isEqualTo(120);
        assertThat(redis.opsForHash().get("{pv:" + id + "}:sale", "available")).isEqualTo("120");
        assertThat(redis.opsForHash().get("{pv:" + id + "}:sale", "stock")).isEqualTo("150");

        patch(id, Map.of("stock", 60)).expectStatus().isOk();
        assertThat(redis.opsForHash().get("{pv:" + id + "}:sale", "available")).isEqualTo("30");
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

        Map<Object, Object> live = redis.opsForHash().entries("{pv:" + id + "}:sale");
        assertThat(live).containsEntry("enabled", "0").containsEntry("limit", "1")
                .containsEntry("unitPrice", "400.00").containsEntry("available", "10");
    }

    @Test
    void patchValidatesTheFieldsItChanges() {
        long id = api.createSale(TestApi.saleRequest(10));
        patch(id, Map.of("discountRate", 1.5, "holdSeconds", 1)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").value(fields ->
                        assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("discountRate", "holdSeconds"));
        patch(id, Map.of("endsAt", "2001-01-01T00:00:00Z")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("endsAt");
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
