package io.flashsale.identity;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens whose signature was verified, so that a buyer pressing again (and again) costs no second RSA
 * verification. A remembered token is still validated every time (expiry, issuer, audience); only the signature
 * check, which can't change for the same token text, is skipped.
 */
final class VerifiedTokens implements JwtDecoder {

    private static final Duration REMEMBER = Duration.ofMinutes(5);

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, long size) {
        this.decoder = decoder;
        this.validator = validator;
        this.verified = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(REMEMBER).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt == null) {
            jwt = decoder.decode(token); // verifies and validates
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new BadJwtException("Invalid token: " + result.getErrors().iterator().next().getDescription());
        }
        return jwt;
    }
}
