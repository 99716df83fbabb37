package io.flashsale.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an {@code Authorization} header longer than {@code maxTokenSize} with 401 {@code UNAUTHORIZED}
 * (problem+json, through the resource server's entry point), before the token is parsed. A security filter only:
 * not a bean, so the servlet container does not run it a second time.
 */
final class OversizedTokens extends OncePerRequestFilter {

    private final long maxLength;
    private final AuthenticationEntryPoint unauthorized;

    OversizedTokens(long maxLength, AuthenticationEntryPoint unauthorized) {
        this.maxLength = maxLength;
        this.unauthorized = unauthorized;
    }

    static boolean tooLarge(String authorization, long maxLength) {
        return authorization != null && authorization.length() > maxLength;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (tooLarge(request.getHeader(HttpHeaders.AUTHORIZATION), maxLength)) {
            unauthorized.commence(request, response, new InvalidBearerTokenException("The bearer token is too large"));
            return;
        }
        chain.doFilter(request, response);
    }
}
