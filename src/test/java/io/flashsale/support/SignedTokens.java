package io.flashsale.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Tokens signed by hand, for tests that spoil one claim or one part at a time. */
public final class SignedTokens {

    private SignedTokens() {
    }

    /** The claims of an operator's token the local issuer would accept, issued at {@code issuedAt}. */
    public static JWTClaimsSet.Builder operatorClaims(Instant issuedAt, Duration lifetime) {
        return new JWTClaimsSet.Builder().subject("7").issuer("flashsale").audience("flashsale")
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(lifetime)))
                .claim("roles", List.of("USER", "OPERATOR"));
    }

    /** RS256, with the key's {@code kid}. */
    public static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
