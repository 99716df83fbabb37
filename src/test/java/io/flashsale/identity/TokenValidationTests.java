package io.flashsale.identity;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.flashsale.support.FlashsaleTest;
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
        call(sign(signingKey, claims().build())).expectStatus().isOk(); // the baseline the tests below spoil
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
        expectUnauthorized(sign(stranger, claims().build()));
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
        expectUnauthorized(sign(signingKey, claims()
                .issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build()));
    }

    @Test
    void rejectsATokenForAnotherAudience() throws JOSEException {
        expectUnauthorized(sign(signingKey, claims().audience("someone-else").build()));
    }

    @Test
    void rejectsATokenFromAnotherIssuer() throws JOSEException {
        expectUnauthorized(sign(signingKey, claims().issuer("https://elsewhere.example").build()));
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
        expectUnauthorized(sign(stranger, claims().claim("roles", List.of("USER", "OPERATOR")).build()));
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
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("7").issuer("flashsale").audience("flashsale")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("roles", List.of("USER", "OPERATOR"));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
