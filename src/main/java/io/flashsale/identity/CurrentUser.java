package io.flashsale.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Reads the caller's user id (the token's {@code sub}) from an authenticated request. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static long id(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return Long.parseLong(jwt.getSubject());
        }
        throw new IllegalStateException("Not a bearer-token authentication: " + authentication);
    }
}
