package io.flashsale.security;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Denial of inventory: throwaway accounts that hold units and never pay. The test's clients all connect from
 * 127.0.0.1, so this test trusts X-Forwarded-For from it (as a deployment trusts its load balancer) and gives each
 * client the address it stands for.
 */
@FlashsaleTest
@TestPropertySource(properties = {"server.forward-headers-strategy=native",
        "server.tomcat.remoteip.internal-proxies=127\\\\.0\\\\.0\\\\.1", "flashsale.stock.max-variants-held-per-buyer=2"})
class ScalperTests {

    private static final String SCALPER = "198.51.100.7";
    private static final String REAL_BUYER = "203.0.113.20";

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void throwawayAccountsFromOneAddressCannotHoldTheWholeSaleAndARealBuyerGetsAUnitAtOnce() {
        Map<String, Object> request = TestApi.saleRequest(5);
        request.put("quantityLimit", 1);
        request.put("holdSeconds", 10);
        request.put("maxUnpaidPerAddress", 2);
        long sale = api.createSale(request);

        List<Integer> answers = new ArrayList<>();
        for (int account = 0; account < 10; account++) {
            answers.add(snapUp(api.buyerToken(), sale, SCALPER).returnResult(String.class).getStatus().value());
        }
        assertThat(answers.stream().filter(status -> status == 202)).hasSize(2);
        snapUp(api.buyerToken(), sale, SCALPER).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("ADDRESS_LIMIT_EXCEEDED");

        snapUp(api.buyerToken(), sale, REAL_BUYER).expectStatus().isAccepted();
        assertThat(live.available(sale)).isEqualTo("2");
    }

    @Test
    void aScalperSpreadOverTheAddressesOfOneIpv6Slash64IsOneAddress() {
        Map<String, Object> request = TestApi.saleRequest(5);
        request.put("quantityLimit", 1);
        request.put("maxUnpaidPerAddress", 2);
        long sale = api.createSale(request);

        List<String> accepted = new ArrayList<>();
        for (int account = 1; account <= 6; account++) {
            var answer = snapUp(api.buyerToken(), sale, "2001:db8:7:7::" + account).returnResult(TestApi.JSON);
            if (answer.getStatus().value() == 202) {
                accepted.add((String) answer.getResponseBody().get("checkoutId"));
            }
        }
        assertThat(accepted).as("six addresses of one /64, two unpaid units per address").hasSize(2);
        snapUp(api.buyerToken(), sale, "2001:db8:7:8::1").expectStatus().isAccepted(); // the next /64

        // the written checkouts keep the key the bound counted (a payment gives back its units under it)
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted.stream().allMatch(id -> status(id) != null));
        assertThat(accepted).allSatisfy(id -> assertThat(jdbc.queryForObject(
                "SELECT client_address FROM checkout WHERE checkout_id = ?", String.class, id))
                .isEqualTo("2001:db8:7:7::/64"));
    }

    @Test
    void anAccountThatLetsItsHoldLapseWaitsOutItsCoolDownWhileARealBuyerGetsTheUnit() {
        Map<String, Object> request = TestApi.saleRequest(1);
        request.put("quantityLimit", 1);
        request.put("holdSeconds", 10);
        request.put("abandonCoolDownSeconds", 120);
        long sale = api.createSale(request);
        String scalper = api.buyerToken();
        String checkoutId = accepted(snapUp(scalper, sale, SCALPER));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(checkoutId) != null);
        // the hold runs out unpaid: the delayed expiry gives the unit back and starts the cool-down
        await().atMost(Duration.ofSeconds(20)).until(() -> "EXPIRED".equals(status(checkoutId)));
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(live.available(sale)));

        snapUp(scalper, sale, "192.0.2.99").expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, after -> assertThat(Long.parseLong(after))
                        .isBetween(100L, 120L))
                .expectBody().jsonPath("$.code").isEqualTo("COOLING_DOWN");
        snapUp(api.buyerToken(), sale, REAL_BUYER).expectStatus().isAccepted();
    }

    @Test
    void payingFreesTheAddressForTheNextUnit() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(5);
        request.put("quantityLimit", 1);
        request.put("maxUnpaidPerAddress", 1);
        long sale = api.createSale(request);
        String buyer = api.buyerToken();
        String checkoutId = accepted(snapUp(buyer, sale, REAL_BUYER));
        snapUp(api.buyerToken(), sale, REAL_BUYER).expectStatus().isEqualTo(409); // one unpaid unit per address
        await().atMost(Duration.ofSeconds(10)).until(() -> status(checkoutId) != null);

        action(buyer, checkoutId, "confirm", "{\"address\":\"1 Main Street\"}").expectStatus().isOk();
        action(buyer, checkoutId, "pay", null).expectStatus().isOk();

        snapUp(api.buyerToken(), sale, REAL_BUYER).expectStatus().isAccepted();
    }

    @Test
    void aBuyerHoldsOnlySoManySalesAtOnceUntilPayingForOne() throws Exception {
        long first = api.createSale(TestApi.saleRequest(5));
        long second = api.createSale(TestApi.saleRequest(5));
        long third = api.createSale(TestApi.saleRequest(5));
        String buyer = api.buyerToken();
        String paid = accepted(snapUp(buyer, first, REAL_BUYER));
        accepted(snapUp(buyer, second, REAL_BUYER));

        snapUp(buyer, third, REAL_BUYER).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_SALES_HELD");
        assertThat(live.available(third)).isEqualTo("5"); // the admission was undone
        accepted(snapUp(buyer, second, REAL_BUYER)); // more of a sale already held is the sale's own limit's business

        await().atMost(Duration.ofSeconds(10)).until(() -> status(paid) != null);
        action(buyer, paid, "confirm", "{\"address\":\"1 Main Street\"}").expectStatus().isOk();
        action(buyer, paid, "pay", null).expectStatus().isOk();
        accepted(snapUp(buyer, third, REAL_BUYER));
    }

    private RestTestClient.ResponseSpec snapUp(String token, long sale, String address) {
        return api.client().post().uri("/api/snap-up/checkouts").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .header("X-Forwarded-For", address).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("promotionVariantId", sale, "quantity", 1)).exchange();
    }

    private RestTestClient.ResponseSpec action(String token, String checkoutId, String action, String body) {
        var spec = api.client().post().uri("/api/checkouts/{id}/{action}", checkoutId, action)
                .header(HttpHeaders.AUTHORIZATION, bearer(token)).contentType(MediaType.APPLICATION_JSON);
        return (body == null ? spec : spec.body(body)).exchange();
    }

    private static String accepted(RestTestClient.ResponseSpec response) {
        return (String) response.expectStatus().isAccepted().returnResult(TestApi.JSON).getResponseBody()
                .get("checkoutId");
    }

    private String status(String checkoutId) {
        return jdbc.query("SELECT status FROM checkout WHERE checkout_id = ?",
                rows -> rows.next() ? rows.getString(1) : null, checkoutId);
    }
}
