package io.flashsale.identity;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Checks a bearer token outside the HTTP filter chain (a STOMP CONNECT) exactly as the resource server does:
 * the same size limit, and the same verified tokens (decoder, rules, role mapping, cache).
 */
@Component
public class TokenAuthenticator {

    private final VerifiedTokens tokens;
    private final long maxLength;

    TokenAuthenticator(VerifiedTokens tokens, IdentitySettings settings) {
        this.tokens = tokens;
        this.maxLength = settings.maxTokenSize().toBytes();
    }

    /**
     * @param authorization the {@code Authorization} header value, {@code Bearer <token>}
     * @throws JwtException when the header is missing, malformed or too large
     * @throws AuthenticationException when the token is not valid
     */
    public VerifiedCaller authenticate(String authorization) {
        if (OversizedTokens.tooLarge(authorization, maxLength)) {
            throw new BadJwtException("The bearer token is too large");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadJwtException("A bearer token is required");
        }
        return tokens.authenticate(authorization.substring(7).strip());
    }
}
