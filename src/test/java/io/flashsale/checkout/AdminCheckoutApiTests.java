package io.flashsale.checkout;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashsale.identity.Role;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Operators find any buyer's checkouts; buyers page through their own; exports filter by status and time. */
@FlashsaleTest
class AdminCheckoutApiTests {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Autowired
    TestApi api;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void findsABuyersCheckoutsByUserIdOrEmailAndOneCheckoutById() {
        long sale = api.createSale(TestApi.saleRequest(10));
        String email = "find-" + UUID.randomUUID() + "@flashsale.test";
        long buyer = register(email);
        UUID first = insert(sale, buyer, "PAID", T0);
        UUID second = insert(sale, buyer, "CHECKOUT", T0.plusSeconds(5));
        insert(sale, 987_654_321L, "PAID", T0);

        List<Map<String, Object>> byEmail = list("/api/admin/checkouts?email={e}", email.toUpperCase());
        assertThat(byEmail).extracting(c -> c.get("checkoutId")).containsExactly(second.toString(), first.toString());
        assertThat(byEmail.get(0)).containsEntry("email", email).containsEntry("userId", (int) buyer)
                .containsEntry("currency", "EUR").containsEntry("unitPrice", "800.00")
                .containsEntry("promotionVariantId", (int) sale);
        assertThat(list("/api/admin/checkouts?userId={u}&status=PAID", buyer)).extracting(c -> c.get("checkoutId"))
                .containsExactly(first.toString());
        assertThat(list("/api/admin/checkouts?email=nobody-{u}@flashsale.test", UUID.randomUUID())).isEmpty();
        assertThat(list("/api/admin/checkouts?checkoutId={c}", second)).hasSize(1);

        get("/api/admin/checkouts/{id}", first).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("PAID").jsonPath("$.email").isEqualTo(email);
        get("/api/admin/checkouts/{id}", UUID.randomUUID()).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
        get("/api/admin/checkouts/{id}", "not-a-uuid").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        api.client().get().uri("/api/admin/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken()))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void findsACampaignsCheckoutsAcrossItsVariants() {
        long promotion = api.createCampaign(TestApi.campaignRequest("Aurora"));
        List<Long> variants = jdbc.queryForList("SELECT id FROM promotion_variant WHERE promotion_id = ? ORDER BY id",
                Long.class, promotion);
        UUID blue = insert(variants.get(0), 1L, "PAID", T0);
        UUID red = insert(variants.get(1), 2L, "PAID", T0.plusSeconds(1));
        insert(api.createSale(TestApi.saleRequest(10)), 3L, "PAID", T0);

        assertThat(list("/api/admin/checkouts?promotionId={p}", promotion)).extracting(c -> c.get("checkoutId"))
                .containsExactly(red.toString(), blue.toString());
        get("/api/admin/checkouts?promotionId=987654321").expectStatus().isNotFound();
    }

    @Test
    void aBuyerPagesThroughTheirOwnCheckoutsByStatusKeepingTheArray() {
        long sale = api.createSale(TestApi.saleRequest(10));
        long buyer = 1_999_000_001L;
        for (int i = 0; i < 3; i++) {
            insert(sale, buyer, i == 0 ? "PAID" : "EXPIRED", T0.plusSeconds(i));
        }
        insert(sale, buyer + 1, "PAID", T0);
        String token = api.tokenFor(buyer, Role.USER);

        api.client().get().uri("/api/checkouts?size=2").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Total-Count", "3")
                .expectBody().jsonPath("$.length()").isEqualTo(2).jsonPath("$[0].status").isEqualTo("EXPIRED");
        api.client().get().uri("/api/checkouts?status=PAID").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange().expectHeader().valueEquals("X-Total-Count", "1")
                .expectBody().jsonPath("$[0].status").isEqualTo("PAID");
        api.client().get().uri("/api/checkouts?status=LOST").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
    }

    @Test
    void exportsFilteredByStatusAndTimePerVariantOrPerCampaign() throws IOException {
        long promotion = api.createCampaign(TestApi.campaignRequest("Aurora"));
        List<Long> variants = jdbc.queryForList("SELECT id FROM promotion_variant WHERE promotion_id = ? ORDER BY id",
                Long.class, promotion);
        UUID early = insert(variants.get(0), 1L, "PAID", T0);
        UUID late = insert(variants.get(0), 2L, "PAID", T0.plusSeconds(3600));
        insert(variants.get(0), 3L, "EXPIRED", T0.plusSeconds(10));
        UUID red = insert(variants.get(1), 4L, "CONFIRMED", T0.plusSeconds(20));

        assertThat(csv("/api/admin/promotion-variants/{id}/orders.csv?status=PAID&from={f}", variants.get(0),
                T0.plusSeconds(1))).extracting(r -> r.get("checkoutId")).containsExactly(late.toString());
        assertThat(csv("/api/admin/promotion-variants/{id}/orders.csv?status=PAID,CONFIRMED&to={t}", variants.get(0),
                T0.plusSeconds(1))).extracting(r -> r.get("checkoutId")).containsExactly(early.toString());
        List<CSVRecord> campaign = csv("/api/admin/promotions/{id}/orders.csv?status=PAID&status=CONFIRMED",
                promotion);
        assertThat(campaign).extracting(r -> r.get("checkoutId"))
                .containsExactly(early.toString(), late.toString(), red.toString());
        assertThat(campaign.get(2).get("promotionVariantId")).isEqualTo(variants.get(1).toString());
        assertThat(campaign.get(2).get("currency")).isEqualTo("EUR");
        get("/api/admin/promotions/{id}/orders.csv?status=SOLD", promotion).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        get("/api/admin/promotions/987654321/orders.csv").expectStatus().isNotFound();
    }

    private List<CSVRecord> csv(String path, Object... variables) throws IOException {
        String body = get(path, variables).expectStatus().isOk().returnResult(String.class).getResponseBody();
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body))
                .getRecords();
    }

    private List<Map<String, Object>> list(String path, Object... variables) {
        return get(path, variables).expectStatus().isOk().returnResult(TestApi.JSON_LIST).getResponseBody();
    }

    private RestTestClient.ResponseSpec get(String path, Object... variables) {
        return api.client().get().uri(path, variables).header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .exchange();
    }

    private long register(String email) {
        return ((Number) api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Buyer", "email", email, "password", "password-1"))
                .exchange().returnResult(TestApi.JSON).getResponseBody().get("id")).longValue();
    }

    private UUID insert(long sale, long user, String status, Instant created) {
        UUID checkoutId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO checkout (checkout_id, user_id, promotion_variant_id, quantity, unit_price, status,
                    expires_at, created_at)
                VALUES (?, ?, ?, 1, 800.00, ?, ?, ?)""",
                checkoutId.toString(), user, sale, status, Timestamp.from(created.plusSeconds(60)),
                Timestamp.from(created));
        return checkoutId;
    }
}
