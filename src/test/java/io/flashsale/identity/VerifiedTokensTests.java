package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
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

    private static String sign(RSAKey key, Instant expiresAt) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().subject("7")
                .expirationTime(Date.from(expiresAt)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
