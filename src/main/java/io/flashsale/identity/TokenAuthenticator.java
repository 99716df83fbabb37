package io.flashsale.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Checks a bearer token outside the HTTP filter chain (a STOMP CONNECT) exactly as the resource server does:
 * the same decoder, validators and role mapping.
 */
@Component
public class TokenAuthenticator {

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter converter;

    TokenAuthenticator(JwtDecoder decoder, JwtAuthenticationConverter converter) {
        this.decoder = decoder;
        this.converter = converter;
    }

    /**
     * @param authorization the {@code Authorization} header value, {@code Bearer <token>}
     * @throws JwtException when the header is missing, malformed, or the token is not valid
     */
    public AbstractAuthenticationToken authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadJwtException("A bearer token is required");
        }
        return converter.convert(decoder.decode(authorization.substring(7).strip()));
    }
}
