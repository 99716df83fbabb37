package io.flashsale.promotion;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Lists come in bounded pages with their total and links, filtered by status, name and window; prices have a currency. */
@FlashsaleTest
class PagingAndCurrencyApiTests {

    @Autowired
    TestApi api;

    @Test
    void pagesTheOperatorsListWithItsTotalAndLinksKeepingTheArray() {
        long[] ids = new long[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = api.createSale(TestApi.saleRequest(i + 1));
        }
        RestTestClient.ResponseSpec second = get("/api/admin/promotion-variants?size=2&page=1");
        second.expectStatus().isOk()
                .expectHeader().valueEquals("X-Total-Count", "3")
                .expectHeader().valueEquals("X-Page", "1")
                .expectHeader().valueEquals("X-Page-Size", "2")
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].id").isEqualTo((int) ids[0]);
        String links = get("/api/admin/promotion-variants?size=2").returnResult(String.class).getResponseHeaders()
                .getFirst(HttpHeaders.LINK);
        assertThat(links).contains("page=1&size=2>; rel=\"next\"").contains("page=0&size=2>; rel=\"first\"")
                .contains("page=1&size=2>; rel=\"last\"").doesNotContain("rel=\"prev\"");
    }

    @ParameterizedTest
    @CsvSource({"page=-1,page", "size=0,size", "size=201,size", "page=x,page", "size=1.5,size", "status=soon,status"})
    void refusesBadPagingAndFilterInputWithTheParametersName(String query, String field) {
        for (String path : new String[] {"/api/admin/promotion-variants", "/api/admin/promotions",
                "/api/admin/checkouts", "/api/checkouts", "/api/promotions", "/api/promotion-variants"}) {
            if (query.startsWith("status") && !path.startsWith("/api/admin/promotion")) {
                continue;
            }
            get(path + "?" + query).expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.errors[0].field").isEqualTo(field);
        }
    }

    @Test
    void filtersSalesByStatusNameAndWindow() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long live = api.createSale(TestApi.saleRequest(1));
        Map<String, Object> upcoming = TestApi.saleRequest(1);
        upcoming.put("name", "Zephyr 100% tablet");
        upcoming.put("startsAt", now.plus(2, ChronoUnit.DAYS).toString());
        upcoming.put("endsAt", now.plus(3, ChronoUnit.DAYS).toString());
        long later = api.createSale(upcoming);
        Map<String, Object> off = TestApi.saleRequest(1);
        off.put("enabled", false);
        long disabled = api.createSale(off);

        assertThat(ids("/api/admin/promotion-variants?status=live")).containsExactly(live);
        assertThat(ids("/api/admin/promotion-variants?status=upcoming")).containsExactly(later);
        assertThat(ids("/api/admin/promotion-variants?status=disabled")).containsExactly(disabled);
        assertThat(ids("/api/admin/promotion-variants?name={name}", "100% TAB")).containsExactly(later);
        assertThat(ids("/api/admin/promotion-variants?name={name}", "1000%")).isEmpty(); // % is literal
        assertThat(ids("/api/admin/promotion-variants?from=" + now.plus(2, ChronoUnit.DAYS).plusSeconds(1)))
                .containsExactly(later);
        assertThat(ids("/api/promotion-variants?name=zephyr")).containsExactly(later);
        get("/api/admin/promotions?status=upcoming").expectHeader().valueEquals("X-Total-Count", "1");
        get("/api/admin/promotions?status=disabled").expectStatus().isBadRequest();
    }

    @Test
    void aSalesCurrencyIsItsCampaignsDefaultingToTheSetting() {
        long euros = api.createSale(TestApi.saleRequest(1));
        Map<String, Object> yuan = TestApi.saleRequest(1);
        yuan.put("currency", "CNY");
        long renminbi = api.createSale(yuan);

        get("/api/admin/promotion-variants/" + euros).expectBody().jsonPath("$.currency").isEqualTo("EUR");
        get("/api/admin/promotion-variants/" + renminbi).expectBody().jsonPath("$.currency").isEqualTo("CNY");
        api.client().get().uri("/api/promotion-variants/{id}", renminbi).exchange().expectBody()
                .jsonPath("$.currency").isEqualTo("CNY").jsonPath("$.salePrice").isEqualTo("800.00");
    }

    @ParameterizedTest
    @CsvSource({"eur", "EURO", "XYZ", "€"})
    void refusesACurrencyThatIsNotIso4217(String currency) {
        Map<String, Object> request = TestApi.campaignRequest("Aurora");
        request.put("currency", currency);
        post("/api/admin/promotions", request).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED").jsonPath("$.errors[0].field").isEqualTo("currency");
    }

    @Test
    void theCurrencyChangesBeforeTheCampaignStartsAndNotAfter() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS);
        Map<String, Object> upcoming = TestApi.campaignRequest("Aurora");
        upcoming.put("startsAt", start.toString());
        upcoming.put("endsAt", start.plus(1, ChronoUnit.DAYS).toString());
        long later = api.createCampaign(upcoming);
        long running = api.createCampaign(TestApi.campaignRequest("Nova"));

        patch("/api/admin/promotions/" + later, Map.of("currency", "USD")).expectStatus().isOk().expectBody()
                .jsonPath("$.currency").isEqualTo("USD").jsonPath("$.variants[1].currency").isEqualTo("USD");
        patch("/api/admin/promotions/" + running, Map.of("currency", "USD")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("CURRENCY_FIXED");
        patch("/api/admin/promotions/" + running, Map.of("currency", "EUR")).expectStatus().isOk();
    }

    private java.util.List<Long> ids(String path, Object... variables) {
        return get(path, variables).expectStatus().isOk().returnResult(TestApi.JSON_LIST).getResponseBody().stream()
                .map(v -> ((Number) v.get("id")).longValue()).toList();
    }

    private RestTestClient.ResponseSpec get(String path, Object... variables) {
        return api.client().get().uri(path, variables).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange();
    }

    private RestTestClient.ResponseSpec post(String path, Object body) {
        return api.client().post().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private RestTestClient.ResponseSpec patch(String path, Object body) {
        return api.client().patch().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }
}
