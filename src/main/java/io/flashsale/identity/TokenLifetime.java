package io.flashsale.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token must say when it expires, and not too far ahead (RFC 8725): {@code exp} is required, {@code exp - iat}
 * and {@code exp - now} may not exceed the longest lifetime the service accepts, and {@code iat} may not lie in the
 * future. Each comparison with now allows the clock skew. ({@code exp} having passed and {@code nbf} not yet reached
 * are the {@link org.springframework.security.oauth2.jwt.JwtTimestampValidator}'s to refuse.)
 */
final class TokenLifetime implements OAuth2TokenValidator<Jwt> {

    private final Duration maxLifetime;
    private final Duration clockSkew;
    private final Clock clock;

    TokenLifetime(Duration maxLifetime, Duration clockSkew, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.clockSkew = clockSkew;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Instant expiresAt = token.getExpiresAt();
        Instant issuedAt = token.getIssuedAt();
        Instant now = clock.instant();
        if (expiresAt == null) {
            return invalid("The token has no exp");
        }
        if (issuedAt != null && issuedAt.isAfter(now.plus(clockSkew))) {
            return invalid("The token's iat is in the future");
        }
        if (issuedAt != null && Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
            return invalid("The token lives longer than " + maxLifetime);
        }
        if (Duration.between(now, expiresAt).compareTo(maxLifetime.plus(clockSkew)) > 0) {
            return invalid("The token expires further ahead than " + maxLifetime);
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
