package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.flashsale.support.SignedTokens;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class VerifiedTokensTests {

    @Test
    void verifiesATokensSignatureOnceAndStillChecksItsExpiryEveryTime() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        String token = sign(key, now.plusSeconds(60));
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        JwtTimestampValidator atSigning = new JwtTimestampValidator(Duration.ZERO);
        atSigning.setClock(Clock.fixed(now, ZoneOffset.UTC));
        nimbus.setJwtValidator(atSigning);
        AtomicInteger verifications = new AtomicInteger();
        JwtDecoder counting = t -> {
            verifications.incrementAndGet();
            return nimbus.decode(t);
        };
        VerifiedTokens tokens = new VerifiedTokens(counting, expiry, 10);

        expiry.setClock(Clock.fixed(now, ZoneOffset.UTC));
        assertThat(tokens.decode(token).getSubject()).isEqualTo("7");
        assertThat(tokens.decode(token).getSubject()).isEqualTo("7");
        assertThat(verifications).hasValue(1);

        expiry.setClock(Clock.fixed(now.plusSeconds(61), ZoneOffset.UTC));
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void neverServesATokenFromTheCacheOnceTheServicesRulesRefuseIt() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        MutableClock clock = new MutableClock(now);
        IdentitySettings settings = SigningKeyTests.settings(null, null);
        OAuth2TokenValidator<Jwt> rules = SecurityConfig.validator(settings,
                new SecurityConfig().tokenTimestamps(settings, clock),
                new SecurityConfig().tokenLifetime(settings, clock));
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        nimbus.setJwtValidator(rules);
        VerifiedTokens tokens = new VerifiedTokens(nimbus, rules, 10);
        String withClaims = SignedTokens.sign(key, new JWTClaimsSet.Builder().subject("7").issuer("flashsale")
                .audience("flashsale").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .build());

        assertThat(tokens.decode(withClaims).getSubject()).isEqualTo("7");
        clock.now = now.plusSeconds(60 + 59); // within the minute of clock skew
        assertThat(tokens.decode(withClaims).getSubject()).isEqualTo("7");
        clock.now = now.plusSeconds(60 + 61);
        assertThatThrownBy(() -> tokens.decode(withClaims)).isInstanceOf(JwtException.class);
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

    private static String sign(RSAKey key, Instant expiresAt) throws Exception {
        return SignedTokens.sign(key, new JWTClaimsSet.Builder().subject("7").expirationTime(Date.from(expiresAt)).build());
    }

}
