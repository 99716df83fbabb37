package io.flashsale.promotion;

import static io.flashsale.promotion.CampaignApiTests.id;
import static io.flashsale.promotion.CampaignApiTests.variants;
import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flashsale.identity.Role;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every operator change is recorded with who, when, what, before and after; a refused change leaves nothing. */
@FlashsaleTest
class AuditTrailApiTests {

    private static final long OPERATOR = 4_242_424_242L;

    @Autowired
    TestApi api;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void recordsWhoChangedAVariantsStockAndPriceWhenAndFromWhatToWhat() {
        long variant = api.createSale(TestApi.saleRequest(10));
        Instant before = Instant.now().minusSeconds(1);
        patch("/api/admin/promotion-variants/" + variant, Map.of("stock", 25, "price", "900.00", "name", "Nova phone"))
                .expectStatus().isOk();

        List<Map<String, Object>> entries = audit("/api/admin/promotion-variants/" + variant + "/audit");
        assertThat(entries).hasSize(2); // the change, then the creation
        Map<String, Object> change = entries.get(0);
        assertThat(change).containsEntry("action", "PROMOTION_VARIANT_CHANGED")
                .containsEntry("promotionVariantId", (int) variant).containsEntry("actorId", OPERATOR);
        assertThat(Instant.parse((String) change.get("at"))).isAfter(before);
        assertThat(change.get("changes")).isEqualTo(Map.of(
                "stock", Map.of("before", 10, "after", 25),
                "price", Map.of("before", "1000.00", "after", "900.00"))); // the unchanged name is not listed
        assertThat(entries.get(1)).containsEntry("action", "PROMOTION_VARIANT_CREATED");
        assertThat(changes(entries.get(1))).containsEntry("stock", Map.of("after", 10))
                .containsEntry("enabled", Map.of("after", true));
    }

    @Test
    void listsACampaignsChangesAndItsVariantsNewestFirst() {
        long promotionId = api.createCampaign(TestApi.campaignRequest("Aurora X1"));
        long red = id(variants(api.client().get().uri("/api/admin/promotions/{id}", promotionId)
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .returnResult(TestApi.JSON).getResponseBody()).get(1));
        patch("/api/admin/promotion-variants/" + red, Map.of("enabled", false)).expectStatus().isOk();
        patch("/api/admin/promotions/" + promotionId, Map.of("description", "Now in red too")).expectStatus().isOk();

        List<Map<String, Object>> entries = audit("/api/admin/promotions/" + promotionId + "/audit");
        assertThat(entries).extracting(e -> e.get("action")).containsExactly("PROMOTION_CHANGED",
                "PROMOTION_VARIANT_CHANGED", "PROMOTION_VARIANT_CREATED", "PROMOTION_VARIANT_CREATED",
                "PROMOTION_CREATED");
        assertThat(entries.get(0).get("changes")).isEqualTo(Map.of("description",
                Map.of("before", "A phone in two colours", "after", "Now in red too")));
        assertThat(entries.get(1).get("changes")).isEqualTo(Map.of("enabled", Map.of("before", true, "after", false)));
        assertThat(entries.get(1)).containsEntry("promotionVariantId", (int) red);
    }

    @Test
    void aRefusedChangeLeavesNoEntryAndNoChange() {
        long variant = api.createSale(TestApi.saleRequest(10));
        jdbc.update("UPDATE promotion_variant SET sold = 8 WHERE id = ?", variant);

        patch("/api/admin/promotion-variants/" + variant, Map.of("stock", 5)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("STOCK_BELOW_COMMITTED");

        assertThat(audit("/api/admin/promotion-variants/" + variant + "/audit")).extracting(e -> e.get("action"))
                .containsExactly("PROMOTION_VARIANT_CREATED");
        assertThat(jdbc.queryForObject("SELECT stock FROM promotion_variant WHERE id = ?", Integer.class, variant))
                .isEqualTo(10);
    }

    @Test
    void theAuditOfAnUnknownSaleIsNotFoundAndBuyersMayNotReadIt() {
        api.client().get().uri("/api/admin/promotions/987654321/audit")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        api.client().get().uri("/api/admin/promotion-variants/987654321/audit")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken())).exchange()
                .expectStatus().isForbidden();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> changes(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("changes");
    }

    private List<Map<String, Object>> audit(String path) {
        return api.client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(operator())).exchange()
                .expectStatus().isOk().returnResult(TestApi.JSON_LIST).getResponseBody();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec patch(String path, Object body) {
        return api.client().patch().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private String operator() {
        return api.tokenFor(OPERATOR, Role.USER, Role.OPERATOR);
    }
}
