package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.Admission;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.stock.LiveStock;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The dead-letter console against the real servers: a checkout whose message the broker dead-lettered is kept with
 * its units held; an operator re-drives it (written as any other) or discards it (its units given back), each
 * audited; and whatever they choose, the units and the buyer's count stay exact in the database and in Redis.
 */
@FlashsaleTest
class DeadLetterConsoleTests {

    private static final int STOCK = 10;

    @Autowired
    TestApi api;
    @Autowired
    LiveStock stock;
    @Autowired
    LiveStateProbe live;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDeadLetteredCheckoutIsKeptWithItsReasonAndItsUnitsStayHeld() {
        long sale = api.createSale(TestApi.saleRequest(STOCK));
        CheckoutReserved checkout = deadLettered(sale, 1_900_000_001L, 2);

        Map<String, Object> listed = list("PENDING").getFirst();
        assertThat(listed.get("checkoutId")).isEqualTo(checkout.checkoutId().toString());
        assertThat(listed.get("checkoutStatus")).isEqualTo("QUEUED");
        assertThat((String) listed.get("reason")).contains("dead-lettered by the broker");
        assertThat(listed.get("unitPrice")).isEqualTo("800.00");
        assertThat((String) listed.get("payload")).contains(checkout.checkoutId().toString());
        assertExact(sale, 2, 0, Map.of(1_900_000_001L, 2)); // held in Redis, nothing in the database yet
    }

    @Test
    void aReDrivenCheckoutIsWrittenAsAnyOtherAndTheActionIsAudited() {
        long sale = api.createSale(TestApi.saleRequest(STOCK));
        CheckoutReserved checkout = deadLettered(sale, 1_900_000_002L, 2);
        long id = idOf(checkout);
        long operator = 3_000_000_002L;

        Map<String, Object> redriven = post("/api/admin/dead-letters/" + id + "/redrive", operator, null)
                .expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
        assertThat(redriven.get("status")).isEqualTo("REDRIVEN");
        await().atMost(Duration.ofSeconds(20)).until(() -> "CHECKOUT".equals(statusOf(checkout)));

        assertExact(sale, 2, 2, Map.of(1_900_000_002L, 2)); // reserved in the database, settled in Redis
        assertThat(live.queued(sale)).isZero();
        Map<String, Object> action = actions(id).getFirst();
        assertThat(action).containsEntry("action", "REDRIVE").containsEntry("operatorId", operator);
        post("/api/admin/dead-letters/" + id + "/redrive", operator, null).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("DEAD_LETTER_RESOLVED");
    }

    @Test
    void aDiscardedCheckoutGivesItsUnitsBackOnceAndKeepsTheNote() {
        long sale = api.createSale(TestApi.saleRequest(STOCK));
        CheckoutReserved checkout = deadLettered(sale, 1_900_000_003L, 2);
        long id = idOf(checkout);
        long operator = 3_000_000_003L;

        post("/api/admin/dead-letters/" + id + "/discard", operator, Map.of("note", " "))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        Map<String, Object> discarded = post("/api/admin/dead-letters/" + id + "/discard", operator,
                Map.of("note", "payment provider refused the order")).expectStatus().isOk()
                .returnResult(TestApi.JSON).getResponseBody();

        assertThat(discarded).containsEntry("status", "DISCARDED").containsEntry("checkoutStatus", "FAILED");
        assertThat(statusOf(checkout)).isEqualTo("FAILED");
        assertExact(sale, 0, 0, Map.of());
        assertThat(actions(id).getFirst()).containsEntry("action", "DISCARD")
                .containsEntry("note", "payment provider refused the order").containsEntry("operatorId", operator);
        post("/api/admin/dead-letters/" + id + "/discard", operator, Map.of("note", "again"))
                .expectStatus().isEqualTo(409);
        post("/api/admin/dead-letters/" + id + "/redrive", operator, null).expectStatus().isEqualTo(409);
        assertExact(sale, 0, 0, Map.of()); // nothing given back twice, nothing taken again
    }

    @Test
    void reDrivingAllWritesEveryPendingOneAndLeavesTheResolvedAlone() {
        long sale = api.createSale(TestApi.saleRequest(STOCK));
        CheckoutReserved first = deadLettered(sale, 1_900_000_004L, 1);
        CheckoutReserved second = deadLettered(sale, 1_900_000_005L, 2);
        CheckoutReserved third = deadLettered(sale, 1_900_000_006L, 2);
        post("/api/admin/dead-letters/" + idOf(third) + "/discard", 3_000_000_004L, Map.of("note", "fraud"))
                .expectStatus().isOk();

        post("/api/admin/dead-letters/redrive", 3_000_000_004L, null).expectStatus().isOk()
                .expectBody().jsonPath("$.redriven").isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CHECKOUT".equals(statusOf(first))
                && "CHECKOUT".equals(statusOf(second)));

        assertThat(list("PENDING")).isEmpty();
        assertExact(sale, 3, 3, Map.of(1_900_000_004L, 1, 1_900_000_005L, 2));
    }

    @Test
    void theConsoleIsForOperators() {
        api.client().get().uri("/api/admin/dead-letters").exchange().expectStatus().isUnauthorized();
        api.client().get().uri("/api/admin/dead-letters")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.buyerToken()))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        api.client().get().uri("/api/admin/dead-letters/424242")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isNotFound();
    }

    /**
     * A checkout admitted by the live stock whose message the broker then dead-lettered (as it does after the
     * delivery limit), awaited until the console has it.
     */
    private CheckoutReserved deadLettered(long sale, long buyer, int quantity) {
        Admission.Admitted admitted = (Admission.Admitted) stock.admit(PromotionVariantId.of(sale), UserId.of(buyer),
                quantity, null, "192.0.2.7");
        CheckoutReserved checkout = new CheckoutReserved(admitted.hold().checkoutId(), PromotionVariantId.of(sale),
                UserId.of(buyer), quantity, admitted.unitPrice(), admitted.holdSeconds(), admitted.expiresAt(), null,
                "192.0.2.7");
        rabbit.convertAndSend(Messaging.DEAD_LETTER_EXCHANGE, Messaging.DEAD_ORDERS, checkout);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM dead_letter WHERE checkout_id = ? AND status = 'PENDING'", Long.class,
                checkout.checkoutId().toString()) == 1);
        return checkout;
    }

    /**
     * The units are exact everywhere: Redis admits what the stock less the held units leaves, each buyer counts
     * what they hold, and the database reserves what is written and holding.
     */
    private void assertExact(long sale, int held, int reserved, Map<Long, Integer> bought) {
        assertThat(live.available(sale)).isEqualTo(Integer.toString(STOCK - held));
        assertThat(live.buyers(sale)).as("buyers counted").isEqualTo(bought.size());
        bought.forEach((buyer, units) -> assertThat(live.bought(sale, buyer)).isEqualTo(units.toString()));
        Map<String, Object> row = jdbc.queryForMap("SELECT reserved, sold FROM promotion_variant WHERE id = ?", sale);
        assertThat(((Number) row.get("reserved")).intValue()).isEqualTo(reserved);
        assertThat(((Number) row.get("sold")).intValue()).isZero();
        Integer holding = jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM checkout WHERE"
                + " promotion_variant_id = ? AND status IN ('CHECKOUT', 'CONFIRMED', 'PAID')", Integer.class, sale);
        assertThat(holding).isEqualTo(reserved);
    }

    private String statusOf(CheckoutReserved checkout) {
        return jdbc.query("SELECT status FROM checkout WHERE checkout_id = ?", (row, n) -> row.getString(1),
                checkout.checkoutId().toString()).stream().findFirst().orElse(null);
    }

    private long idOf(CheckoutReserved checkout) {
        return jdbc.queryForObject("SELECT id FROM dead_letter WHERE checkout_id = ?", Long.class,
                checkout.checkoutId().toString());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(String status) {
        return api.client().get().uri("/api/admin/dead-letters?status=" + status)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk().returnResult(List.class).getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> actions(long id) {
        Map<String, Object> deadLetter = api.client().get().uri("/api/admin/dead-letters/" + id)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
        return (List<Map<String, Object>>) deadLetter.get("actions");
    }

    private RestTestClient.ResponseSpec post(String path, long operator, Object body) {
        RestTestClient.RequestBodySpec request = api.client().post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.tokenFor(operator,
                        io.flashsale.identity.Role.USER, io.flashsale.identity.Role.OPERATOR)));
        return body == null ? request.exchange() : request.contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }
}
