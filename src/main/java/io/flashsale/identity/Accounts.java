package io.flashsale.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.UserId;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The identity module's entry point: registering, checking credentials, and looking accounts up. */
@Service
public class Accounts {

    /** BCrypt reads no further than this. */
    private static final int BCRYPT_MAX_BYTES = 72;

    private final AppUsers users;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Accounts(AppUsers users, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional
    public Account register(String name, String email, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES) {
            throw DomainException.invalid("password", "must be at most " + BCRYPT_MAX_BYTES + " bytes");
        }
        String normalized = normalize(email);
        if (users.existsByEmail(normalized)) {
            throw emailTaken();
        }
        try {
            return Account.of(users.saveAndFlush(
                    new AppUser(name.strip(), normalized, passwords.encode(password), Set.of(Role.USER),
                            clock.instant())));
        } catch (DataIntegrityViolationException raced) {
            throw emailTaken();
        }
    }

    /** Creates the account, or brings an existing one's password and roles up to date. */
    @Transactional
    public Account ensure(String name, String email, String password, Set<Role> roles) {
        String normalized = normalize(email);
        AppUser user = users.findByEmail(normalized)
                .orElseGet(() -> new AppUser(name, normalized, passwords.encode(password), roles, clock.instant()));
        if (!passwords.matches(password, user.passwordHash())) {
            user.changePassword(passwords.encode(password));
        }
        user.grant(roles);
        return Account.of(users.save(user));
    }

    @Transactional(readOnly = true)
    public Map<UserId, String> emailsOf(Collection<UserId> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return users.findEmails(userIds.stream().map(UserId::value).toList()).stream()
                .collect(Collectors.toMap(e -> UserId.of(e.getId()), AppUsers.UserEmail::getEmail));
    }

    @Transactional(readOnly = true)
    Optional<AppUser> authenticate(String email, String password) {
        return users.findByEmail(normalize(email)).filter(user -> passwords.matches(password, user.passwordHash()));
    }

    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static DomainException emailTaken() {
        return DomainException.conflict("EMAIL_TAKEN", "An account with this email already exists.");
    }
}
