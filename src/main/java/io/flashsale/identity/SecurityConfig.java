package io.flashsale.identity;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.JOSEException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.flashsale.shared.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The service is an OAuth 2 resource server: every request's bearer token is checked here, with roles taken from
 * the {@code roles} claim. While no external issuer is configured, the keys of the local issuer verify tokens.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String ROLES_CLAIM = "roles";

    /** Maps a verified token to the caller: principal {@code sub}, authorities {@code ROLE_} + each role. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
        tokens.setJwtGrantedAuthoritiesConverter(roles);
        return tokens;
    }

    /** The firewall every request meets before Spring Security's filters, its ASCII header checks without a regex. */
    @Bean
    WebSecurityCustomizer firewall() {
        return web -> web.httpFirewall(FirewallHeaders.firewall());
    }

    /**
     * No observation of Spring Security's filters, authentications or authorizations: a span per filter per request
     * cost the stampede a sixth of its CPU, and even switched off by a predicate every filter was still wrapped in an
     * observing one.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The OpenAPI document and Swagger UI (springdoc's paths). */
    static final String[] API_DOCS = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
        "/swagger-ui/**"};

    /** Verifies every bearer token once, then remembers what requests need of it (HTTP and STOMP alike). */
    @Bean
    VerifiedTokens verifiedTokens(JwtDecoder decoder, JwtAuthenticationConverter tokens, IdentitySettings settings,
            Clock clock) {
        return new VerifiedTokens(decoder, tokens, settings.verifiedTokenCache(), settings.clockSkew(), clock);
    }

    /**
     * The snap-up path, which the stampede hits, meets only the filters it needs: the token's size, the token
     * (through the verified-token cache), and "authenticated". No session, CSRF, request cache, anonymous caller,
     * servlet API wrapper or logout filter; answers carry {@code Cache-Control} and {@code X-Content-Type-Options}
     * like every other API answer.
     */
    @Bean
    @Order(1)
    SecurityFilterChain snapUpPath(HttpSecurity http, AuthenticationEntryPoint unauthorized, AccessDeniedHandler forbidden,
            VerifiedTokens verifiedTokens, IdentitySettings settings) throws Exception {
        http.securityMatcher("/api/snap-up/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.disable())
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .servletApi(s -> s.disable())
                .logout(l -> l.disable())
                .headers(h -> h.defaultsDisabled().cacheControl(c -> { }).contentTypeOptions(c -> { }))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        return bearerTokens(http, unauthorized, forbidden, verifiedTokens, settings).build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, AuthenticationEntryPoint unauthorized, AccessDeniedHandler forbidden,
            VerifiedTokens verifiedTokens, OperationsSettings operations, IdentitySettings settings)
            throws Exception {
        http.csrf(csrf -> csrf.disable()) // bearer tokens only: no cookies to forge
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> {
                    a.requestMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/token").permitAll()
                            .requestMatchers("/api/promotion-variants", "/api/promotion-variants/*", "/api/promotions",
                                    "/api/promotions/*").permitAll()
                            .requestMatchers("/api/admin/**").hasRole(Role.OPERATOR.name())
                            .requestMatchers("/api/**").authenticated()
                            // public; its components shown only to operators (management.endpoint.health)
                            .requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    operatorsUnlessPublic(a.requestMatchers("/actuator/prometheus"), operations.publicMetrics());
                    a.requestMatchers("/actuator/**").hasRole(Role.OPERATOR.name());
                    operatorsUnlessPublic(a.requestMatchers(API_DOCS), operations.publicApiDocs());
                    // the web page, JWKS, and /ws, whose STOMP CONNECT carries its own token
                    a.anyRequest().permitAll();
                });
        return bearerTokens(http, unauthorized, forbidden, verifiedTokens, settings).build();
    }

    /**
     * What every chain does with a bearer token: its size first, then the header read without a regular expression,
     * then the verified tokens; 401 and 403 answers.
     */
    private static HttpSecurity bearerTokens(HttpSecurity http, AuthenticationEntryPoint unauthorized,
            AccessDeniedHandler forbidden, VerifiedTokens verifiedTokens, IdentitySettings settings) throws Exception {
        return http.addFilterBefore(new OversizedTokens(settings.maxTokenSize().toBytes(), unauthorized),
                        BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(o -> o
                        .bearerTokenResolver(new HeaderBearerTokens())
                        .jwt(jwt -> jwt.authenticationManager(verifiedTokens))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    }

    private static void operatorsUnlessPublic(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl paths, boolean open) {
        if (open) {
            paths.permitAll();
        } else {
            paths.hasRole(Role.OPERATOR.name());
        }
    }

    @Bean
    AuthenticationEntryPoint unauthorized(ProblemResponses problems) {
        BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException e) -> {
            challenge.commence(request, response, e); // sets WWW-Authenticate
            problems.write(response, HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
                    "A valid bearer token is required.");
        };
    }

    @Bean
    AccessDeniedHandler forbidden(ProblemResponses problems) {
        return (request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                "Your account may not do this.");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @LocalIssuer
    RSAKey signingKey(IdentitySettings settings) {
        return SigningKey.load(settings);
    }

    @Bean
    @LocalIssuer
    JwtEncoder jwtEncoder(RSAKey signingKey) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    }

    /**
     * {@code exp} required and passed at most the clock skew ago, {@code nbf} reached: for every token, ours or an
     * external issuer's (Spring Boot adds each {@code OAuth2TokenValidator<Jwt>} bean to the decoder it builds for
     * {@code issuer-uri}, in place of its default timestamp check).
     */
    @Bean
    JwtTimestampValidator tokenTimestamps(IdentitySettings settings, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        return timestamps;
    }

    /** A lifetime no longer than {@code maxTokenLifetime}, and no {@code iat} in the future: for every token too. */
    @Bean
    TokenLifetime tokenLifetime(IdentitySettings settings, Clock clock) {
        return new TokenLifetime(settings.maxTokenLifetime(), settings.clockSkew(), clock);
    }

    /**
     * Accepts only RS256 tokens signed by the local key, from our issuer, for our audience, within their times and
     * lifetime. Our {@code iss} is a name, not a URL: it is kept as text (Spring's default first tries it as a URL,
     * which costs an exception per token verified).
     */
    @Bean
    @LocalIssuer
    JwtDecoder jwtDecoder(RSAKey signingKey, IdentitySettings settings, JwtTimestampValidator timestamps,
            TokenLifetime lifetime) throws JOSEException {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(
                Map.of(JwtClaimNames.ISS, iss -> iss == null ? null : iss.toString())));
        decoder.setJwtValidator(validator(settings, timestamps, lifetime));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(IdentitySettings settings, JwtTimestampValidator timestamps,
            TokenLifetime lifetime) {
        return JwtValidators.createDefaultWithValidators(
                timestamps,
                lifetime,
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(settings.audience())));
    }
}
