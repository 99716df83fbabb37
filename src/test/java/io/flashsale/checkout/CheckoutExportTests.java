package io.flashsale.checkout;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

@FlashsaleTest
class CheckoutExportTests {

    @Autowired
    TestApi api;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void exportsOneRowPerCheckoutOrderWithTheBuyersEmail() throws IOException {
        long sale = api.createSale(TestApi.saleRequest(10));
        long other = api.createSale(TestApi.saleRequest(10));
        String email = "csv-" + UUID.randomUUID() + "@flashsale.test";
        long buyer = ((Number) api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Buyer, \"quoted\"", "email", email, "password", "password-1"))
                .exchange().returnResult(TestApi.JSON).getResponseBody().get("id")).longValue();
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        Instant paid = created.plus(2, ChronoUnit.MINUTES);
        UUID paidCheckout = insertOrder(sale, buyer, 2, "PAID", created, paid);
        UUID openCheckout = insertOrder(sale, 987_654_321L, 1, "CHECKOUT", created.plusSeconds(1), null);
        insertOrder(other, buyer, 1, "CHECKOUT", created, null);

        var response = api.client().get().uri("/api/admin/promotion-variants/{id}/orders.csv", sale)
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "csv"))
                .returnResult(String.class);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(response.getResponseBody())).getRecords();

        assertThat(rows).hasSize(2);
        assertThat(rows.getFirst().getParser().getHeaderNames()).containsExactly("checkoutId", "userId", "email",
                "quantity", "unitPrice", "status", "createdAt", "confirmedAt", "paidAt", "promotionVariantId",
                "currency");
        assertThat(rows.get(0).toMap()).containsEntry("checkoutId", paidCheckout.toString())
                .containsEntry("userId", String.valueOf(buyer)).containsEntry("email", email)
                .containsEntry("quantity", "2").containsEntry("unitPrice", "800.00").containsEntry("status", "PAID")
                .containsEntry("createdAt", created.toString()).containsEntry("confirmedAt", "")
                .containsEntry("paidAt", paid.toString()).containsEntry("promotionVariantId", String.valueOf(sale))
                .containsEntry("currency", "EUR");
        assertThat(rows.get(1).toMap()).containsEntry("checkoutId", openCheckout.toString())
                .containsEntry("email", "").containsEntry("status", "CHECKOUT");
    }

    @Test
    void cellsASpreadsheetWouldEvaluateAreNeutralised() throws IOException {
        long sale = api.createSale(TestApi.saleRequest(10));
        // registration refuses this address (a space in it), so the account is written directly, as it might
        // have been before the address rule or through an external tool
        String formula = "=cmd|'/C calc'!A0@x.test";
        String plus = "+" + UUID.randomUUID() + "@flashsale.test";
        api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Plus", "email", plus, "password", "password-1"))
                .exchange().expectStatus().isCreated();
        List<String> emails = List.of(formula, plus, "-2+3@x.test", "@SUM(1+1)@x.test", "\t=1+1@tab.test",
                "\r=1+1@cr.test", "safe=1@x.test");
        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        for (String email : emails) {
            insertOrder(sale, accountWith(email), 1, "CHECKOUT", created, null);
        }

        String csv = api.client().get().uri("/api/admin/promotion-variants/{id}/orders.csv", sale)
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody();
        List<String> exported = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords().stream().map(row -> row.get("email")).toList();

        assertThat(exported).containsExactly("'" + formula, "'" + plus, "'-2+3@x.test", "'@SUM(1+1)@x.test",
                "'\t=1+1@tab.test", "'\r=1+1@cr.test", "safe=1@x.test");
    }

    @Test
    void exportingAnUnknownSaleIsNotFound() {
        api.client().get().uri("/api/admin/promotion-variants/777777/orders.csv")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theExportIsForOperatorsOnly() {
        long sale = api.createSale(TestApi.saleRequest(10));
        api.client().get().uri("/api/admin/promotion-variants/{id}/orders.csv", sale)
                .header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken())).exchange()
                .expectStatus().isForbidden();
    }

    /** The id of the account with this e-mail, written straight into the table if registration wouldn't. */
    private long accountWith(String email) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM app_user WHERE email = ?", Long.class, email);
        if (!ids.isEmpty()) {
            return ids.getFirst();
        }
        jdbc.update("INSERT INTO app_user (name, email, password_hash, roles, created_at) VALUES (?, ?, ?, ?, ?)",
                "Formula", email, "{noop}unused", "USER", Timestamp.from(Instant.now()));
        return jdbc.queryForObject("SELECT id FROM app_user WHERE email = ?", Long.class, email);
    }

    private UUID insertOrder(long sale, long user, int quantity, String status, Instant created, Instant paid) {
        UUID checkoutId = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO checkout (checkout_id, user_id, promotion_variant_id, quantity, unit_price, status,
                    expires_at, created_at, paid_at)
                VALUES (?, ?, ?, ?, 800.00, ?, ?, ?, ?)""",
                checkoutId.toString(), user, sale, quantity, status, Timestamp.from(created.plusSeconds(60)),
                Timestamp.from(created), paid == null ? null : Timestamp.from(paid));
        return checkoutId;
    }
}
