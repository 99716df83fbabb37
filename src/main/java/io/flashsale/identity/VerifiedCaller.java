package io.flashsale.identity;

import java.time.Instant;
import java.util.Collection;

import io.flashsale.shared.UserId;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A caller whose bearer token was verified: what requests read of the token (its subject, the user id it names,
 * its roles as authorities, its expiry) and nothing else; the token itself is not kept.
 */
public final class VerifiedCaller extends AbstractAuthenticationToken {

    private final String subject;
    private final UserId userId;
    private final Instant expiresAt;

    VerifiedCaller(String subject, UserId userId, Instant expiresAt, Collection<? extends GrantedAuthority> roles) {
        super(roles);
        this.subject = subject;
        this.userId = userId;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    /** The user id the token's {@code sub} names, or null when it is not a numeric user id. */
    public UserId userId() {
        return userId;
    }

    /** When the token expires ({@code exp}). */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String getName() {
        return subject;
    }

    @Override
    public Object getPrincipal() {
        return subject;
    }

    @Override
    public Object getCredentials() {
        return "";
    }
}
