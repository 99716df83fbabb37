package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.flashsale.shared.UserId;
import io.flashsale.support.SignedTokens;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class VerifiedTokensTests {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void verifiesATokensSignatureOnceAndStillChecksItsExpiryEveryTime() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        MutableClock clock = new MutableClock(NOW);
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder rules = decoder(key, clock);
        VerifiedTokens tokens = new VerifiedTokens(token -> {
            verifications.incrementAndGet();
            return rules.decode(token);
        }, new SecurityConfig().jwtAuthenticationConverter(), 10, Duration.ofSeconds(60), clock);
        String token = sign(key, "7", List.of("BUYER"));

        VerifiedCaller first = tokens.authenticate(token);
        VerifiedCaller again = tokens.authenticate(token);

        assertThat(verifications).hasValue(1);
        assertThat(again.userId()).isEqualTo(first.userId()).isEqualTo(UserId.of(7));
        assertThat(again.getName()).isEqualTo("7");
        assertThat(again.getAuthorities()).extracting(GrantedAuthority::getAuthority).contains("ROLE_BUYER");
        assertThat(again.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        clock.now = NOW.plusSeconds(60 + 59); // within the minute of clock skew
        assertThat(tokens.authenticate(token).userId()).isEqualTo(UserId.of(7));
        assertThat(verifications).hasValue(1);
        clock.now = NOW.plusSeconds(60 + 61);
        assertThatThrownBy(() -> tokens.authenticate(token)).isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void servesNoOtherTokenFromTheCacheThanTheOneVerified() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        VerifiedTokens tokens = tokens(key);
        String token = sign(key, "7", List.of("BUYER"));
        tokens.authenticate(token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        assertThatThrownBy(() -> tokens.authenticate(tampered)).isInstanceOf(InvalidBearerTokenException.class);
        assertThat(tokens.authenticate(token).userId()).isEqualTo(UserId.of(7));
    }

    @Test
    void rolesComeFromTheTokenAsForTheResourceServer() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        VerifiedTokens tokens = tokens(key);

        VerifiedCaller operator = tokens.authenticate(sign(key, "1", List.of("OPERATOR", "BUYER")));
        VerifiedCaller external = tokens.authenticate(sign(key, "auth0|abc", List.of("BUYER")));

        assertThat(operator.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .contains("ROLE_OPERATOR", "ROLE_BUYER");
        assertThat(external.userId()).isNull(); // not a numeric user id: may not act as a buyer (CallerArguments)
        assertThat(external.getName()).isEqualTo("auth0|abc");
    }

    /**
     * The size the cache is planned by: a million entries held (the default size), measured as the heap they keep
     * after a full collection. Each entry is one object (128 bits of the hash, user id, expiry, a shared role list)
     * plus Caffeine's node, its map's node and slot, and its frequency sketch.
     */
    @Test
    void aMillionRememberedBuyersFitIn140MiB() {
        Instant expiresAt = NOW.plusSeconds(3600);
        JwtDecoder unsigned = token -> Jwt.withTokenValue(token).header("alg", "none").subject(token.substring(6))
                .claim(SecurityConfig.ROLES_CLAIM, List.of("BUYER")).expiresAt(expiresAt).build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = heapAfterCollection(memory);
        VerifiedTokens tokens = new VerifiedTokens(unsigned, new SecurityConfig().jwtAuthenticationConverter(),
                1_000_000, Duration.ofSeconds(60), new MutableClock(NOW));
        for (int buyer = 1; buyer <= 1_000_000; buyer++) {
            tokens.authenticate("buyer-" + buyer);
        }
        long used = heapAfterCollection(memory) - before;

        assertThat(tokens.authenticate("buyer-1").userId()).isEqualTo(UserId.of(1));
        System.out.printf("verified-token cache: %,d bytes for 1,000,000 buyers (%.1f MiB, %d bytes each)%n", used,
                used / 1048576.0, used / 1_000_000);
        assertThat(used).isLessThan(140L * 1024 * 1024); // measured: 137 bytes each, 131 MiB
    }

    private static long heapAfterCollection(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Verified tokens under the service's own rules, at {@link #NOW}. */
    private static VerifiedTokens tokens(RSAKey key) throws Exception {
        MutableClock clock = new MutableClock(NOW);
        return new VerifiedTokens(decoder(key, clock), new SecurityConfig().jwtAuthenticationConverter(), 10,
                Duration.ofSeconds(60), clock);
    }

    /** The service's own rules, at the test's clock. */
    private static JwtDecoder decoder(RSAKey key, Clock clock) throws Exception {
        IdentitySettings settings = SigningKeyTests.settings(null, null);
        OAuth2TokenValidator<Jwt> rules = SecurityConfig.validator(settings,
                new SecurityConfig().tokenTimestamps(settings, clock),
                new SecurityConfig().tokenLifetime(settings, clock));
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        nimbus.setJwtValidator(rules);
        return nimbus;
    }

    private static String sign(RSAKey key, String subject, List<String> roles) throws Exception {
        return SignedTokens.sign(key, new JWTClaimsSet.Builder().subject(subject).issuer("flashsale")
                .audience("flashsale").issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim(SecurityConfig.ROLES_CLAIM, roles).build());
    }

    /** A clock a test moves. */
    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
