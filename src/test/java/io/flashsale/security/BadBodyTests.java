package io.flashsale.security;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every malformed, oversized or wrongly typed body gets a 4xx problem+json, and an oversized one is refused
 * before it is read. Raw HTTP against the real server, so Tomcat, the filters and Spring MVC all take part.
 */
@FlashsaleTest
class BadBodyTests {

    private static final int KIB = 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    TestApi api;

    // --- multipart: no endpoint takes one, none parses one ---

    @Test
    void aMultipartBodyWithoutABoundaryIsUnsupportedOnEveryPostEndpoint() throws Exception {
        String buyer = api.buyerToken();
        for (String path : List.of("/api/snap-up/checkouts", "/api/auth/token", "/api/auth/register",
                "/api/checkouts/" + UUID.randomUUID() + "/pay", "/api/admin/promotion-variants")) {
            String token = path.startsWith("/api/admin") ? api.operatorToken() : buyer;
            Answer answer = post(path, token, "multipart/form-data", BodyPublishers.ofString("--x\r\nbroken"));
            answer.expectProblem(415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void aMalformedOrWellFormedMultipartBodyIsUnsupported() throws Exception {
        String broken = "--b\r\nContent-Disposition: form-data; name=\"promotionVariantId\"\r\n\r\n1";
        post("/api/snap-up/checkouts", api.buyerToken(), "multipart/form-data; boundary=b",
                BodyPublishers.ofString(broken)).expectProblem(415, "UNSUPPORTED_MEDIA_TYPE");
        String whole = broken + "\r\n--b--\r\n";
        post("/api/snap-up/checkouts", api.buyerToken(), "multipart/mixed; boundary=b",
                BodyPublishers.ofString(whole)).expectProblem(415, "UNSUPPORTED_MEDIA_TYPE");
    }

    // --- forms: no endpoint takes one, and the container would read one around the body limit ---

    @Test
    void aChunkedFormBodyIsRefusedUnreadOnEveryPostEndpoint() throws Exception {
        for (String path : List.of("/api/auth/token", "/api/auth/register", "/api/snap-up/checkouts",
                "/api/checkouts/" + UUID.randomUUID() + "/pay", "/api/admin/promotion-variants")) {
            for (String type : List.of("application/x-www-form-urlencoded",
                    " Application/X-WWW-Form-Urlencoded ; charset=UTF-8")) {
                // a body that never ends: only an answer that doesn't wait for it comes back
                String answer = formBodyThatNeverEnds(path, type);
                assertThat(answer).as("%s as %s", path, type).startsWith("HTTP/1.1 415 ")
                        .contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                        .contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
            }
        }
    }

    @Test
    void theContainerParsesNoFormBodyLargerThanAnEndpointTakesNorSwallowsMoreOfARefusedOne(
            @Autowired WebServerApplicationContext context) {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getMaxPostSize()).isEqualTo(16 * KIB);
        assertThat(connector.getProtocolHandler()).isInstanceOfSatisfying(AbstractHttp11Protocol.class,
                http11 -> assertThat(http11.getMaxSwallowSize()).isEqualTo(64 * KIB));
    }

    // --- size: refused before it is read ---

    @Test
    void aSnapUpBodyOverItsLimitIsRefusedFromItsLengthBeforeTheTokenIsChecked() throws Exception {
        String body = padded("{\"promotionVariantId\": 1}", 16 * KIB + 1);
        post("/api/snap-up/checkouts", null, "application/json", BodyPublishers.ofString(body))
                .expectProblem(413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aThirtyMebibyteBodyIsRefusedUnread() throws Exception {
        // with a token, so only the length stops it short of the parser
        String body = padded("{\"promotionVariantId\": 1}", 30 * KIB * KIB);
        post("/api/snap-up/checkouts", api.buyerToken(), "application/json", BodyPublishers.ofString(body))
                .expectProblem(413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aLargeUnknownFieldOnASnapUpOrARegistrationIsRefusedAsTooLarge() throws Exception {
        String field = "x".repeat(KIB * KIB);
        post("/api/snap-up/checkouts", api.buyerToken(), "application/json", BodyPublishers.ofString(
                "{\"promotionVariantId\": 1, \"junk\": \"" + field + "\"}"))
                .expectProblem(413, "PAYLOAD_TOO_LARGE");
        String array = "[" + "1,".repeat(KIB * KIB / 2) + "1]";
        post("/api/auth/register", null, "application/json", BodyPublishers.ofString(
                "{\"name\": \"a\", \"email\": \"a@b.test\", \"password\": \"long-enough\", \"junk\": " + array + "}"))
                .expectProblem(413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        byte[] body = padded("{\"promotionVariantId\": " + sale + "}", 64 * KIB).getBytes(StandardCharsets.UTF_8);
        // no length known up front: sent chunked, so only counting while reading can stop it
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        post("/api/snap-up/checkouts", api.buyerToken(), "application/json", chunked)
                .expectProblem(413, "PAYLOAD_TOO_LARGE");
        assertThat(api.client().get().uri("/api/promotion-variants/{id}", sale).exchange()
                .returnResult(TestApi.JSON).getResponseBody()).containsEntry("available", 10);
    }

    @Test
    void aBodyWithinTheLimitStillPasses() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        String snapUp = padded("{\"promotionVariantId\": " + sale + "}", 15 * KIB);
        post("/api/snap-up/checkouts", api.buyerToken(), "application/json", BodyPublishers.ofString(snapUp))
                .expectStatus(202);
        byte[] chunk = snapUp.getBytes(StandardCharsets.UTF_8);
        post("/api/snap-up/checkouts", api.buyerToken(), "application/json",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunk))).expectStatus(202);
    }

    @Test
    void theOperatorsEndpointsTakeALargerBodyUpToTheirOwnLimit() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        String path = "/api/admin/promotion-variants/" + sale;
        String operator = api.operatorToken();
        patch(path, operator, padded("{\"name\": \"Renamed\"}", 60 * KIB)).expectStatus(200);
        patch(path, operator, padded("{\"name\": \"Renamed again\"}", 64 * KIB + 1))
                .expectProblem(413, "PAYLOAD_TOO_LARGE");
    }

    // --- types and fields ---

    @Test
    void aFractionWhereAWholeNumberIsExpectedNamesTheField() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        String buyer = api.buyerToken();
        snapUp(buyer, "{\"promotionVariantId\": " + sale + ", \"quantity\": 1.5}")
                .expectValidation("quantity", "must be a whole number");
        snapUp(buyer, "{\"promotionVariantId\": " + sale + ".7}")
                .expectValidation("promotionVariantId", "must be a whole number");
        snapUp(buyer, "{\"promotionVariantId\": " + sale + ", \"quantity\": 1e0}")
                .expectValidation("quantity", "must be a whole number");

        Map<String, Object> request = TestApi.saleRequest(10);
        request.put("stock", 1.5);
        post("/api/admin/promotion-variants", api.operatorToken(), "application/json",
                BodyPublishers.ofString(json.writeValueAsString(request))).expectValidation("stock",
                "must be a whole number");
        assertThat(api.client().get().uri("/api/promotion-variants/{id}", sale).exchange()
                .returnResult(TestApi.JSON).getResponseBody()).containsEntry("available", 10);
    }

    @Test
    void aDecimalFieldStillTakesAFraction() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(10);
        request.put("discountRate", 0.85);
        post("/api/admin/promotion-variants", api.operatorToken(), "application/json",
                BodyPublishers.ofString(json.writeValueAsString(request))).expectStatus(201);
    }

    @Test
    void anUnknownFieldIsRefusedNamingIt() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        snapUp(api.buyerToken(), "{\"promotionVariantId\": " + sale + ", \"status\": \"PAID\"}")
                .expectValidation("status", "is not a known field");
        snapUp(api.buyerToken(), "{\"promotionVariantId\": " + sale + ", \"userId\": 1}")
                .expectValidation("userId", "is not a known field");
        post("/api/auth/register", null, "application/json", BodyPublishers.ofString(
                "{\"name\": \"a\", \"email\": \"" + UUID.randomUUID() + "@b.test\", \"password\": \"long-enough\","
                        + " \"roles\": [\"OPERATOR\"]}")).expectValidation("roles", "is not a known field");
        assertThat(api.client().get().uri("/api/promotion-variants/{id}", sale).exchange()
                .returnResult(TestApi.JSON).getResponseBody()).containsEntry("available", 10);
    }

    // --- helpers ---

    /**
     * Sends a chunked form body's first kilobyte and never its end; returns what the server answered within 5 s
     * (its status line, headers and the start of its body).
     */
    private String formBodyThatNeverEnds(String path, String contentType) throws IOException {
        URI base = URI.create(api.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            String chunk = "a=" + "b".repeat(KIB - 2);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n"
                    + "Content-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] answer = new byte[4 * KIB];
            int read = 0;
            try {
                for (int n; read < answer.length && (n = socket.getInputStream().read(answer, read,
                        answer.length - read)) > 0; ) {
                    read += n;
                    if (new String(answer, 0, read, StandardCharsets.UTF_8).contains("\"code\"")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // what came so far is the answer (nothing, if the server waits for the body)
            }
            return new String(answer, 0, read, StandardCharsets.UTF_8);
        }
    }

    /** The JSON object, padded with spaces before its closing brace to exactly {@code bytes} bytes. */
    private static String padded(String object, int bytes) {
        String open = object.substring(0, object.length() - 1);
        return open + " ".repeat(bytes - object.length()) + "}";
    }

    private Answer snapUp(String token, String body) throws Exception {
        return post("/api/snap-up/checkouts", token, "application/json", BodyPublishers.ofString(body));
    }

    private Answer post(String path, String token, String contentType, BodyPublisher body) throws Exception {
        return send(request(path, token, contentType).POST(body));
    }

    private Answer patch(String path, String token, String body) throws Exception {
        return send(request(path, token, "application/json").method("PATCH", BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path, String token, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header(HttpHeaders.CONTENT_TYPE, contentType);
        return token == null ? request : request.header(HttpHeaders.AUTHORIZATION, bearer(token));
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return new Answer(http.send(request.build(), BodyHandlers.ofString()), json);
    }

    private record Answer(HttpResponse<String> response, JsonMapper json) {

        void expectStatus(int status) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        }

        Map<String, Object> expectProblem(int status, String code) {
            expectStatus(status);
            MediaType type = MediaType.parseMediaType(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                    .orElse("none/none"));
            assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as(type.toString()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> problem = json.readValue(response.body(), Map.class);
            assertThat(problem).containsEntry("code", code).containsEntry("status", status);
            return problem;
        }

        void expectValidation(String field, String message) {
            Map<String, Object> problem = expectProblem(400, "VALIDATION_FAILED");
            assertThat(problem.get("errors")).isEqualTo(List.of(Map.of("field", field, "message", message)));
        }
    }
}
