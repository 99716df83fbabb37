package io.flashsale.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.SignedTokens;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Tokens (RFC 8725): a validly signed token must carry {@code exp}, live no longer than the service accepts (24 h by
 * default) and not claim to be issued in the future; an oversized token is refused before parsing, and a header too
 * large even for Tomcat is answered as problem+json. The same rules hold on the socket's CONNECT.
 */
@FlashsaleTest
class TokenAbuseTests {

    @Autowired
    TestApi api;

    @Autowired
    RSAKey signingKey;

    @Test
    void acceptsAWellFormedTokenAsTheBaseline() throws JOSEException {
        call(sign(claims(Instant.now(), Duration.ofMinutes(10)).build())).expectStatus().isOk();
    }

    @Test
    void refusesASignedTokenWithoutExp() throws JOSEException {
        expectUnauthorized(sign(claims(Instant.now(), Duration.ofMinutes(10)).expirationTime(null).build()));
    }

    @Test
    void refusesASignedTokenExpiringInTenYears() throws JOSEException {
        expectUnauthorized(sign(claims(Instant.now(), Duration.ofDays(3650)).build()));
    }

    @Test
    void refusesATokenExpiringTooFarAheadEvenWithoutIat() throws JOSEException {
        expectUnauthorized(sign(claims(Instant.now(), Duration.ofDays(3650)).issueTime(null).build()));
    }

    @Test
    void refusesATokenWhoseLifetimeExceedsTheCapEvenIfItExpiresSoon() throws JOSEException {
        Instant longAgo = Instant.now().minus(Duration.ofDays(30));
        JWTClaimsSet claims = claims(longAgo, Duration.ofDays(30).plusMinutes(10)).build(); // exp in 10 minutes
        expectUnauthorized(sign(claims));
    }

    @Test
    void acceptsALifetimeOfExactlyTheCap() throws JOSEException {
        call(sign(claims(Instant.now(), Duration.ofHours(24)).build())).expectStatus().isOk();
    }

    @Test
    void refusesATokenIssuedInTheFuture() throws JOSEException {
        expectUnauthorized(sign(claims(Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(10)).build()));
    }

    @Test
    void refusesATokenNotValidYetBeyondTheClockSkew() throws JOSEException {
        Instant now = Instant.now();
        expectUnauthorized(sign(claims(now, Duration.ofMinutes(30))
                .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5)))).build()));
    }

    @Test
    void allowsASmallClockSkewOnExpiryButNoMore() throws JOSEException {
        Instant now = Instant.now();
        call(sign(claims(now.minusSeconds(600), Duration.ofSeconds(600 - 20)).build())).expectStatus().isOk();
        expectUnauthorized(sign(claims(now.minusSeconds(600), Duration.ofSeconds(600 - 120)).build()));
    }

    @Test
    void refusesAnOversizedTokenWithProblemJsonBeforeParsingIt() {
        String huge = "a".repeat(10 * 1024); // over the 8 KiB limit, within Tomcat's 16 KiB of headers
        for (String path : new String[] {"/api/admin/promotion-variants", "/api/promotion-variants"}) {
            api.client().get().uri(path).header(HttpHeaders.AUTHORIZATION, TestApi.bearer(huge)).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void answersAHeaderTooLargeForTomcatWithProblemJsonNotHtml() {
        String body = api.client().get().uri("/api/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer("a".repeat(100 * 1024))).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .returnResult(String.class).getResponseBody();
        assertThat(body).doesNotContain("<html").contains("\"code\":\"BAD_REQUEST\"").contains("\"status\":400");
    }

    @Test
    void refusesAStompConnectWithAnOutOfRuleToken() throws Exception {
        Instant now = Instant.now();
        try (StompTestClient baseline = StompTestClient.connect(api.baseUrl(),
                sign(claims(now, Duration.ofMinutes(10)).build()))) {
            assertThat(baseline.isConnected()).isTrue();
        }
        for (String token : List.of(
                sign(claims(now, Duration.ofMinutes(10)).expirationTime(null).build()),
                sign(claims(now, Duration.ofDays(3650)).build()),
                "a".repeat(9 * 1024))) {
            assertThatThrownBy(() -> StompTestClient.connect(api.baseUrl(), token).close()).isNotNull();
        }
    }

    /** Calls an operator endpoint with the token; a refusal must be 401 UNAUTHORIZED, as problem+json. */
    private void expectUnauthorized(String token) {
        call(token).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    private RestTestClient.ResponseSpec call(String token) {
        return api.client().get().uri("/api/admin/promotion-variants").header(HttpHeaders.AUTHORIZATION, TestApi.bearer(token))
                .exchange();
    }

    private static JWTClaimsSet.Builder claims(Instant issuedAt, Duration lifetime) {
        return SignedTokens.operatorClaims(issuedAt, lifetime);
    }

    private String sign(JWTClaimsSet claims) throws JOSEException {
        return SignedTokens.sign(signingKey, claims);
    }
}
