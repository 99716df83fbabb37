package io.flashsale.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.flashsale.identity.Role;
import io.flashsale.identity.TokenIssuer;
import io.flashsale.shared.UserId;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The service's HTTP API as a test calls it: a real client on the random port, and tokens for test users. */
@TestComponent
public class TestApi {

    public static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    public static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
            new ParameterizedTypeReference<>() {
            };

    /** Test users' ids: far above any registered account's, and apart from one run to the next. */
    private static final AtomicLong NEXT_USER =
            new AtomicLong(1_000_000_000L + Instant.now().getEpochSecond() % 100_000 * 10_000);

    private final Environment environment;
    private final TokenIssuer tokens;
    private RestTestClient client;

    TestApi(Environment environment, TokenIssuer tokens) {
        this.environment = environment;
        this.tokens = tokens;
    }

    /** The client, bound once the server is listening. */
    public synchronized RestTestClient client() {
        if (client == null) {
            client = RestTestClient.bindToServer().baseUrl(baseUrl()).build();
        }
        return client;
    }

    public String baseUrl() {
        return "http://localhost:" + environment.getRequiredProperty("local.server.port");
    }

    /** A token for a new user id that no other test uses. */
    public String buyerToken() {
        return tokenFor(NEXT_USER.incrementAndGet(), Role.USER);
    }

    public String operatorToken() {
        return tokenFor(NEXT_USER.incrementAndGet(), Role.USER, Role.OPERATOR);
    }

    public String tokenFor(long userId, Role... roles) {
        return tokens.issue(UserId.of(userId), Set.of(roles)).accessToken();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A snap-up through the real endpoint. */
    public RestTestClient.ResponseSpec snapUp(String token, long promotionVariantId, int quantity) {
        return client().post().uri("/api/snap-up/checkouts")
                .header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("promotionVariantId", promotionVariantId, "quantity", quantity))
                .exchange();
    }

    /** Snaps up and returns the accepted checkout's id. */
    public String snapUpAccepted(String token, long promotionVariantId) {
        return (String) snapUp(token, promotionVariantId, 1).expectStatus().isAccepted()
                .returnResult(JSON).getResponseBody().get("checkoutId");
    }

    /** A valid new sale, live now, to change field by field. */
    public static Map<String, Object> saleRequest(int stock) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new HashMap<>(Map.ofEntries(
                Map.entry("variantId", 42),
                Map.entry("name", "Nova phone"),
                Map.entry("description", "A phone"),
                Map.entry("imageUrl", "/images/nova.png"),
                Map.entry("price", "1000.00"),
                Map.entry("discountRate", 0.8),
                Map.entry("stock", stock),
                Map.entry("quantityLimit", 2),
                Map.entry("holdSeconds", 60),
                Map.entry("startsAt", now.minusSeconds(60).toString()),
                Map.entry("endsAt", now.plus(1, ChronoUnit.DAYS).toString()),
                Map.entry("enabled", true)));
    }

    /** A valid new campaign, live now, of two variants: 5 blue ones at 800.00 and 3 red ones at 719.10. */
    public static Map<String, Object> campaignRequest(String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new HashMap<>(Map.of(
                "name", name,
                "productId", 1001,
                "description", "A phone in two colours",
                "startsAt", now.minusSeconds(60).toString(),
                "endsAt", now.plus(1, ChronoUnit.DAYS).toString(),
                "variants", List.of(campaignVariant(11, "Blue, 128 GB", "1000.00", 5),
                        campaignVariant(12, "Red, 256 GB", "799.00", 3))));
    }

    /** One variant of a campaign at 0.8 (Blue) or 0.9 (any other) of its price. */
    public static Map<String, Object> campaignVariant(long variantId, String name, String price, int stock) {
        return new HashMap<>(Map.of("variantId", variantId, "name", name, "price", price,
                "discountRate", name.startsWith("Blue") ? 0.8 : 0.9, "stock", stock, "quantityLimit", 2,
                "holdSeconds", 60));
    }

    /** Creates a campaign as an operator and returns its id. */
    public long createCampaign(Map<String, Object> request) {
        return create("/api/admin/promotions", request);
    }

    /** Creates a sale as an operator and returns its id. */
    public long createSale(Map<String, Object> request) {
        return create("/api/admin/promotion-variants", request);
    }

    private long create(String path, Map<String, Object> request) {
        Map<String, Object> created = client().post().uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(operatorToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(request)
                .exchange()
                .expectStatus().isCreated()
                .returnResult(TestApi.JSON).getResponseBody();
        return ((Number) created.get("id")).longValue();
    }
}
