package io.flashsale.promotion;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Promotions (campaigns) of several promotion variants: created, read by both audiences, changed, bought. */
@FlashsaleTest
class CampaignApiTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Test
    void createsACampaignOfTwoVariantsEachWithItsOwnLiveStateInTheCampaignsWindow() {
        Map<String, Object> request = TestApi.campaignRequest("Aurora X1");
        Map<String, Object> body = post("/api/admin/promotions", request).expectStatus().isCreated()
                .expectHeader().valueMatches(HttpHeaders.LOCATION, "/api/admin/promotions/\\d+")
                .returnResult(TestApi.JSON).getResponseBody();

        assertThat(body).containsEntry("name", "Aurora X1").containsEntry("type", "snap_up")
                .containsEntry("productId", 1001).containsEntry("currency", "EUR")
                .containsEntry("startsAt", request.get("startsAt")).containsEntry("endsAt", request.get("endsAt"));
        List<Map<String, Object>> variants = variants(body);
        assertThat(variants).extracting(v -> v.get("name")).containsExactly("Blue, 128 GB", "Red, 256 GB");
        long promotionId = ((Number) body.get("id")).longValue();
        for (Map<String, Object> variant : variants) {
            assertThat(variant).containsEntry("promotionId", (int) promotionId).containsEntry("currency", "EUR")
                    .containsEntry("startsAt", request.get("startsAt")).containsEntry("endsAt", request.get("endsAt"));
            assertThat(live.state(id(variant))).containsEntry("stock", variant.get("stock").toString());
        }
        assertThat(variants.get(1)).containsEntry("salePrice", "719.10").containsEntry("stock", 3);
    }

    @Test
    void buyersSeeTheCampaignWithEachVariantsStockAndSnapUpOneVariant() {
        long promotionId = api.createCampaign(TestApi.campaignRequest("Aurora X1"));
        Map<String, Object> shown = api.client().get().uri("/api/promotions/{id}", promotionId).exchange()
                .expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
        List<Map<String, Object>> variants = variants(shown);
        assertThat(variants).extracting(v -> v.get("available")).containsExactly(5, 3);

        api.snapUpAccepted(api.buyerToken(), id(variants.get(1)));

        api.client().get().uri("/api/promotions/{id}", promotionId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.variants[0].available").isEqualTo(5)
                .jsonPath("$.variants[1].available").isEqualTo(2)
                .jsonPath("$.variants[1].promotionName").isEqualTo("Aurora X1");
        api.client().get().uri("/api/promotions").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Total-Count", "1")
                .expectBody().jsonPath("$[0].id").isEqualTo((int) promotionId);
        api.client().get().uri("/api/promotion-variants/{id}", id(variants.get(0))).exchange().expectBody()
                .jsonPath("$.promotionId").isEqualTo((int) promotionId).jsonPath("$.currency").isEqualTo("EUR");
    }

    @Test
    void aPromotionVariantCreatedOnItsOwnIsACampaignOfOne() {
        long variant = api.createSale(TestApi.saleRequest(7));
        long promotionId = ((Number) getAdmin("/api/admin/promotion-variants/" + variant).get("promotionId")).longValue();

        Map<String, Object> promotion = getAdmin("/api/admin/promotions/" + promotionId);
        assertThat(promotion).containsEntry("name", "Nova phone").containsEntry("productId", 42)
                .containsEntry("description", "A phone").containsEntry("imageUrl", "/images/nova.png")
                .containsEntry("currency", "EUR");
        assertThat(variants(promotion)).extracting(v -> id(v)).containsExactly(variant);
    }

    @Test
    void addsAVariantToACampaignInItsWindow() {
        Map<String, Object> request = TestApi.campaignRequest("Aurora X1");
        long promotionId = api.createCampaign(request);
        Map<String, Object> added = post("/api/admin/promotions/" + promotionId + "/variants",
                TestApi.campaignVariant(99, "Green, 512 GB", "1099.00", 1)).expectStatus().isCreated()
                .returnResult(TestApi.JSON).getResponseBody();

        assertThat(added).containsEntry("promotionId", (int) promotionId)
                .containsEntry("startsAt", request.get("startsAt"));
        assertThat(variants(getAdmin("/api/admin/promotions/" + promotionId))).hasSize(3);
        post("/api/admin/promotions/987654321/variants", TestApi.campaignVariant(99, "Green", "1.00", 1))
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void movingTheCampaignsWindowMovesEveryVariantsWindowAndLiveState() {
        long promotionId = api.createCampaign(TestApi.campaignRequest("Aurora X1"));
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.HOURS);
        Instant end = start.plus(2, ChronoUnit.HOURS);

        Map<String, Object> patched = patch("/api/admin/promotions/" + promotionId,
                Map.of("startsAt", start.toString(), "endsAt", end.toString(), "name", "Aurora X1 launch"))
                .expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();

        assertThat(patched).containsEntry("name", "Aurora X1 launch").containsEntry("startsAt", start.toString())
                .containsEntry("endsAt", end.toString());
        for (Map<String, Object> variant : variants(patched)) {
            assertThat(variant).containsEntry("startsAt", start.toString()).containsEntry("endsAt", end.toString());
            assertThat(live.state(id(variant))).containsEntry("startsAt", String.valueOf(start.toEpochMilli()));
        }
        api.snapUp(api.buyerToken(), id(variants(patched).get(0)), 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_STARTED");
    }

    @Test
    void aVariantsOwnWindowWidensItsCampaignsSpan() {
        Map<String, Object> request = TestApi.campaignRequest("Aurora X1");
        long promotionId = api.createCampaign(request);
        long first = id(variants(getAdmin("/api/admin/promotions/" + promotionId)).get(0));
        Instant later = Instant.parse((String) request.get("endsAt")).plus(1, ChronoUnit.DAYS);

        patch("/api/admin/promotion-variants/" + first, Map.of("endsAt", later.toString())).expectStatus().isOk();

        assertThat(getAdmin("/api/admin/promotions/" + promotionId)).containsEntry("endsAt", later.toString())
                .containsEntry("startsAt", request.get("startsAt"));
    }

    @Test
    void refusesACampaignWithoutVariantsOrWithInvalidOnes() {
        Map<String, Object> empty = TestApi.campaignRequest("Aurora X1");
        empty.put("variants", List.of());
        post("/api/admin/promotions", empty).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED").jsonPath("$.errors[0].field").isEqualTo("variants");

        Map<String, Object> bad = TestApi.campaignRequest("Aurora X1");
        Map<String, Object> variant = TestApi.campaignVariant(1, "Blue", "10.00", 1);
        variant.put("stock", -1);
        bad.put("variants", List.of(variant));
        bad.put("type", "auction");
        post("/api/admin/promotions", bad).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'variants[0].stock')]").exists()
                .jsonPath("$.errors[?(@.field == 'type')].message").isEqualTo("must be snap_up");

        Map<String, Object> backwards = TestApi.campaignRequest("Aurora X1");
        backwards.put("endsAt", backwards.get("startsAt"));
        post("/api/admin/promotions", backwards).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("endsAt");
        api.client().get().uri("/api/admin/promotions").header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .exchange().expectHeader().valueEquals("X-Total-Count", "0");
    }

    @Test
    void onlyOperatorsCreateCampaigns() {
        api.client().post().uri("/api/admin/promotions").header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken()))
                .contentType(MediaType.APPLICATION_JSON).body(TestApi.campaignRequest("X")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> variants(Map<String, Object> promotion) {
        return (List<Map<String, Object>>) promotion.get("variants");
    }

    static long id(Map<String, Object> view) {
        return ((Number) view.get("id")).longValue();
    }

    private Map<String, Object> getAdmin(String path) {
        return api.client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
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
