package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flashsale.support.SignedTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * With {@code issuer-uri} pointing at an external provider (here a small OpenID provider of the test's own), its
 * tokens are accepted, roles and all, and the local issuer is off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class ExternalIssuerTests {

    private static final RSAKey PROVIDER_KEY = generate();
    private static final HttpServer PROVIDER = startProvider();
    private static final String ISSUER = "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/realms/shop";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void externalIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    @Test
    void acceptsTheProvidersTokensWithTheirRoles() throws JOSEException {
        client().get().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + providerToken("flashsale", "USER", "OPERATOR"))
                .exchange().expectStatus().isOk();
        client().get().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + providerToken("flashsale", "USER"))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void stillRequiresOurAudience() throws JOSEException {
        client().get().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + providerToken("another-app", "OPERATOR"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refusesABuyerWhoseSubjectIsNotANumericUserId() throws JOSEException {
        client().get().uri("/api/checkouts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + providerToken("flashsale", "USER"))
                .exchange().expectStatus().isOk();
        client().get().uri("/api/checkouts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokenFor("f3c1e1c2-uuid", "flashsale", "USER"))
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void holdsTheProvidersTokensToTheSameLifetimeRules() throws JOSEException {
        Instant now = Instant.now();
        for (JWTClaimsSet claims : List.of(
                providerClaims(now, null).build(), // no exp
                providerClaims(now, now.plus(Duration.ofDays(3650))).build(), // ten years
                providerClaims(now.plusSeconds(3600), now.plusSeconds(4000)).build())) { // issued in the future
            client().get().uri("/api/admin/promotion-variants")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + sign(claims))
                    .exchange().expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void turnsTheLocalIssuerOff() {
        assertThat(context.getBeanNamesForType(TokenIssuer.class)).isEmpty();
        client().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "ops@flashsale.test", "password", "ops-password-1"))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
    }

    private RestTestClient client() {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    private static String providerToken(String audience, String... roles) throws JOSEException {
        return tokenFor("31", audience, roles);
    }

    private static String tokenFor(String subject, String audience, String... roles) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("roles", List.of(roles)).build();
        return sign(claims);
    }

    /** An operator's claims as the provider would issue them, but for the given times. */
    private static JWTClaimsSet.Builder providerClaims(Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder().subject("31").issuer(ISSUER).audience("flashsale")
                .issueTime(Date.from(issuedAt)).expirationTime(expiresAt == null ? null : Date.from(expiresAt))
                .claim("roles", List.of("USER", "OPERATOR"));
    }

    private static String sign(JWTClaimsSet claims) throws JOSEException {
        return SignedTokens.sign(PROVIDER_KEY, claims);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("provider-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer startProvider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/shop";
            server.createContext("/realms/shop/.well-known/openid-configuration", exchange -> json(exchange,
                    "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/jwks\","
                            + "\"subject_types_supported\":[\"public\"],"
                            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
            server.createContext("/realms/shop/jwks",
                    exchange -> json(exchange, new JWKSet(PROVIDER_KEY.toPublicJWK()).toString()));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
