package io.flashsale.identity;

import io.flashsale.shared.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Reads the caller's user id (the token's {@code sub}) from an authenticated request. */
public final class CurrentUser {

    private CurrentUser() {
    }

    /** The caller's numeric user id; a token whose subject is not one can't act as a buyer here (401). */
    public static long id(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt && jwt.getSubject() != null
                && jwt.getSubject().matches("\\d{1,18}")) {
            return Long.parseLong(jwt.getSubject());
        }
        throw new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "The token's subject must be a numeric user id.");
    }
}
