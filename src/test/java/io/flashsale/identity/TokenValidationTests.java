package io.flashsale.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.SignedTokens;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The resource server accepts our RS256 tokens only: right key, issuer, audience, and not expired. */
@FlashsaleTest
class TokenValidationTests {

    private static final String OPERATOR_ENDPOINT = "/api/admin/promotion-variants";

    @Autowired
    TestApi api;

    @Autowired
    RSAKey signingKey;

    @Test
    void acceptsAValidOperatorToken() {
        call(api.operatorToken()).expectStatus().isOk();
    }

    @Test
    void acceptsAHandSignedTokenWithTheRightClaims() throws JOSEException {
        call(SignedTokens.sign(signingKey, claims().build())).expectStatus().isOk(); // the baseline the tests below spoil
    }

    @Test
    void rejectsARequestWithoutAToken() {
        api.client().get().uri(OPERATOR_ENDPOINT).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    @Test
    void rejectsATokenSignedByAnotherKey() throws JOSEException {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        expectUnauthorized(SignedTokens.sign(stranger, claims().build()));
    }

    @Test
    void rejectsAnUnsignedToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        String payload = b64.encodeToString(claims().build().toString().getBytes());
        expectUnauthorized(header + "." + payload + ".");
    }

    @Test
    void rejectsAnExpiredToken() throws JOSEException {
        Instant past = Instant.now().minusSeconds(3600);
        expectUnauthorized(SignedTokens.sign(signingKey, claims()
                .issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build()));
    }

    @Test
    void rejectsATokenForAnotherAudience() throws JOSEException {
        expectUnauthorized(SignedTokens.sign(signingKey, claims().audience("someone-else").build()));
    }

    @Test
    void rejectsATokenFromAnotherIssuer() throws JOSEException {
        expectUnauthorized(SignedTokens.sign(signingKey, claims().issuer("https://elsewhere.example").build()));
    }

    @Test
    void forbidsOperatorEndpointsToAUser() {
        call(api.buyerToken()).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    @Test
    void checksTheSignatureBeforeTrustingTheRolesClaim() throws JOSEException {
        RSAKey stranger = new RSAKeyGenerator(2048).generate();
        expectUnauthorized(SignedTokens.sign(stranger, claims().claim("roles", List.of("USER", "OPERATOR")).build()));
    }

    private void expectUnauthorized(String token) {
        call(token).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
    }

    private RestTestClient.ResponseSpec call(String token) {
        return api.client().get().uri(OPERATOR_ENDPOINT)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(token)).exchange();
    }

    /** Claims that would pass, for a test to spoil one at a time. */
    private static JWTClaimsSet.Builder claims() {
        return SignedTokens.operatorClaims(Instant.now(), Duration.ofMinutes(10));
    }
}
