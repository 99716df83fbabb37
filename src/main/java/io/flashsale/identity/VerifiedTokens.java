package io.flashsale.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashsale.shared.UserId;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * Every bearer token, over HTTP or in a STOMP {@code CONNECT}, is turned into a {@link VerifiedCaller} here. A token
 * is verified once (signature and every rule of the decoder); what requests need of it is then remembered, keyed by
 * 128 bits of the SHA-256 of its text: the user id, the roles and the expiry, in one 48-byte entry (137 bytes of heap
 * measured with Caffeine's own bookkeeping, so a million buyers take 131 MiB), not the 2 KiB {@code Jwt}. A buyer
 * pressing again costs a hash, not an RSA verification. Expiry is still checked on every use, with the same clock
 * skew as the decoder's; the other rules can't turn against a token later (its issuer, audience, signature and
 * {@code iat} don't change; {@code nbf} and the lifetime only get easier to pass with time). A token whose subject is
 * not a numeric user id (possible from an external issuer only) is verified every time.
 */
final class VerifiedTokens implements AuthenticationManager {

    /** Role sets seen are shared by every entry that has them (an issuer has a handful); beyond this, not shared. */
    private static final int SHARED_ROLE_SETS = 64;
    private static final Pattern NUMERIC = Pattern.compile("\\d{1,18}");

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter roles;
    private final Cache<Entry, Entry> verified;
    private final Map<List<GrantedAuthority>, List<GrantedAuthority>> roleSets =
            new ConcurrentHashMap<>();
    private final long skewSeconds;
    private final Clock clock;

    /**
     * @param decoder verifies a token's signature and checks every rule
     * @param roles maps a verified token to its authorities
     * @param size how many verified tokens to remember; 0 remembers none
     */
    VerifiedTokens(JwtDecoder decoder, JwtAuthenticationConverter roles, long size, Duration clockSkew, Clock clock) {
        this.decoder = decoder;
        this.roles = roles;
        this.verified = size > 0 ? Caffeine.newBuilder().maximumSize(size).build() : null;
        this.skewSeconds = clockSkew.toSeconds();
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        return authentication instanceof BearerTokenAuthenticationToken bearer ? authenticate(bearer.getToken()) : null;
    }

    /** The caller the token names, or an {@link AuthenticationException} saying why not. */
    VerifiedCaller authenticate(String token) {
        Entry key = verified == null ? null : Entry.keyOf(token);
        Entry known = key == null ? null : verified.getIfPresent(key);
        if (known != null) {
            if (clock.instant().getEpochSecond() - skewSeconds > known.expiresAt) {
                verified.invalidate(key);
                throw new InvalidBearerTokenException("Jwt expired at " + Instant.ofEpochSecond(known.expiresAt));
            }
            return known.caller();
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (BadJwtException e) {
            throw new InvalidBearerTokenException(e.getMessage(), e);
        } catch (JwtException e) {
            throw new AuthenticationServiceException(e.getMessage(), e);
        }
        AbstractAuthenticationToken converted = roles.convert(jwt);
        List<GrantedAuthority> authorities = shared(converted.getAuthorities());
        String subject = jwt.getSubject();
        Instant expiresAt = jwt.getExpiresAt(); // always present: the decoder's rules require exp
        if (subject == null || !NUMERIC.matcher(subject).matches()) {
            return new VerifiedCaller(subject, null, expiresAt, authorities);
        }
        Entry entry = new Entry(key, Long.parseLong(subject), expiresAt.getEpochSecond(), authorities);
        if (key != null) {
            verified.put(entry, entry);
        }
        return entry.caller();
    }

    /**
     * The authorities by name alone (a factor authority's time of issue is dropped: no rule here reads it), as one
     * list shared by every caller with the same roles.
     */
    private List<GrantedAuthority> shared(Collection<GrantedAuthority> authorities) {
        List<GrantedAuthority> copy = authorities.stream()
                .<GrantedAuthority>map(a -> new SimpleGrantedAuthority(a.getAuthority())).toList();
        if (roleSets.size() >= SHARED_ROLE_SETS) {
            return roleSets.getOrDefault(copy, copy);
        }
        return roleSets.computeIfAbsent(copy, c -> copy);
    }

    /**
     * One remembered token, and its own key: equal to another entry when the 128 bits of their tokens' SHA-256 are
     * (a collision is as hard to find as one of the hash itself, 2^64 work for any pair and 2^128 for a given token),
     * so the cache keeps one object per token, not a key and a value.
     */
    static final class Entry {

        private final long high;
        private final long low;
        private final long userId;
        private final long expiresAt;
        private final List<GrantedAuthority> authorities;

        private Entry(long high, long low, long userId, long expiresAt, List<GrantedAuthority> authorities) {
            this.high = high;
            this.low = low;
            this.userId = userId;
            this.expiresAt = expiresAt;
            this.authorities = authorities;
        }

        Entry(Entry key, long userId, long expiresAt, List<GrantedAuthority> authorities) {
            this(key == null ? 0 : key.high, key == null ? 0 : key.low, userId, expiresAt, authorities);
        }

        static Entry keyOf(String token) {
            ByteBuffer hash = ByteBuffer.wrap(sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Entry(hash.getLong(), hash.getLong(), 0, 0, null);
        }

        VerifiedCaller caller() {
            return new VerifiedCaller(Long.toString(userId), UserId.of(userId), Instant.ofEpochSecond(expiresAt),
                    authorities);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry entry && entry.high == high && entry.low == low;
        }

        @Override
        public int hashCode() {
            return (int) low;
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime has SHA-256", e);
            }
        }
    }
}
