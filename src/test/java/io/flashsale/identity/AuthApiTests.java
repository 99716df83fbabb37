package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.client.RestTestClient;

@FlashsaleTest
class AuthApiTests {

    @Autowired
    TestApi api;

    @Autowired
    FilterChainProxy securityFilters;

    @Test
    void registersAnAccountAndIssuesAVerifiableRs256Token() throws Exception {
        String email = uniqueEmail();
        Map<String, Object> account = register("Ada", email, "correct-horse")
                .expectStatus().isCreated()
                .returnResult(TestApi.JSON).getResponseBody();
        assertThat(account).containsEntry("name", "Ada").containsEntry("email", email).containsKey("id");
        assertThat(account).doesNotContainKeys("password", "passwordHash");

        Map<String, Object> token = token(email, "correct-horse").expectStatus().isOk()
                .returnResult(TestApi.JSON).getResponseBody();
        assertThat(token).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600);

        SignedJWT jwt = SignedJWT.parse((String) token.get("access_token"));
        RSAKey published = JWKSet.parse(jwksJson()).getKeys().getFirst().toRSAKey();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(String.valueOf(((Number) account.get("id")).longValue()));
        assertThat(claims.getIssuer()).isEqualTo("flashsale");
        assertThat(claims.getAudience()).containsExactly("flashsale");
        assertThat(claims.getIssueTime()).isNotNull();
        assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(3500));
        assertThat(claims.getStringListClaim("roles")).containsExactly("USER");
    }

    @Test
    void everyRequestMeetsTheFirewallWhoseHeaderChecksNeedNoRegularExpression() {
        // with Spring MVC the bean is a composite around the chains' own proxy, which meets the requests
        Object chains = securityFilters.getClass() == FilterChainProxy.class ? securityFilters
                : ReflectionTestUtils.getField(securityFilters, "springSecurityFilterChain");
        Object firewall = ReflectionTestUtils.getField(chains, "firewall");
        assertThat(firewall).isInstanceOf(StrictHttpFirewall.class);
        assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderValues")).isSameAs(FirewallHeaders.VALUES);
        assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderNames")).isSameAs(FirewallHeaders.NAMES);
    }

    @Test
    void publishesOnlyThePublicHalfOfTheSigningKey() throws ParseException {
        RSAKey key = JWKSet.parse(jwksJson()).getKeys().getFirst().toRSAKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(key.getKeyID()).isNotBlank();
    }

    @Test
    void rejectsASecondAccountWithTheSameEmailInAnyCase() {
        String email = uniqueEmail();
        register("Ada", email, "correct-horse").expectStatus().isCreated();
        register("Eve", email.toUpperCase(), "another-pass").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("EMAIL_TAKEN");
    }

    @Test
    void rejectsARegistrationWithInvalidFields() {
        register("", "not-an-email", "short").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[*].field").value(fields ->
                        assertThat(fields).asInstanceOf(InstanceOfAssertFactories.LIST).contains("name", "email", "password"));
    }

    @Test
    void rejectsAPasswordLongerThanBcryptReads() {
        register("Ada", uniqueEmail(), "é".repeat(40)).expectStatus().isBadRequest() // 40 characters, 80 bytes
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("password");
    }

    @Test
    void rejectsAWrongPasswordAndAnUnknownEmailAlike() {
        String email = uniqueEmail();
        register("Ada", email, "correct-horse").expectStatus().isCreated();
        token(email, "wrong-horse").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_CREDENTIALS");
        token(uniqueEmail(), "correct-horse").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void rejectsATokenRequestWithoutCredentials() {
        api.client().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON).body(Map.of())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
    }

    private RestTestClient.ResponseSpec register(String name, String email, String password) {
        return api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "email", email, "password", password)).exchange();
    }

    private RestTestClient.ResponseSpec token(String email, String password) {
        return api.client().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email, "password", password)).exchange();
    }

    private String jwksJson() {
        return api.client().get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@flashsale.test";
    }
}
