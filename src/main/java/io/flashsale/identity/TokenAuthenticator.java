package io.flashsale.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Checks a bearer token outside the HTTP filter chain (a STOMP CONNECT) exactly as the resource server does:
 * the same size limit, decoder, validators and role mapping.
 */
@Component
public class TokenAuthenticator {

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter converter;
    private final long maxLength;

    TokenAuthenticator(JwtDecoder decoder, JwtAuthenticationConverter converter, IdentitySettings settings) {
        this.decoder = decoder;
        this.converter = converter;
        this.maxLength = settings.maxTokenSize().toBytes();
    }

    /**
     * @param authorization the {@code Authorization} header value, {@code Bearer <token>}
     * @throws JwtException when the header is missing, malformed, too large, or the token is not valid
     */
    public AbstractAuthenticationToken authenticate(String authorization) {
        if (OversizedTokens.tooLarge(authorization, maxLength)) {
            throw new BadJwtException("The bearer token is too large");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadJwtException("A bearer token is required");
        }
        return converter.convert(decoder.decode(authorization.substring(7).strip()));
    }
}
