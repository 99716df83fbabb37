package io.flashsale.identity;

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

    private final AppUsers users;
    private final PasswordEncoder passwords;
    private final PasswordHashing hashing;
    private final PasswordPolicy policy;
    private final Clock clock;

    Accounts(AppUsers users, PasswordEncoder passwords, PasswordHashing hashing, PasswordPolicy policy, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.hashing = hashing;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Registers a buyer. The password is checked against the {@link PasswordPolicy} and hashed before the e-mail
     * address is looked up, so a taken address costs what a new one does. Not one transaction: no database
     * connection is held while hashing; the unique e-mail column decides a race.
     */
    public Account register(String name, String email, String password) {
        policy.check(email, password);
        String normalized = normalize(email);
        String hash = hashing.encode(password);
        if (users.existsByEmail(normalized)) {
            throw emailTaken();
        }
        try {
            return Account.of(users.saveAndFlush(
                    new AppUser(name.strip(), normalized, hash, Set.of(Role.USER), clock.instant())));
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

    /** The user id of the account with this e-mail address (in any letter case), for operators finding a buyer. */
    @Transactional(readOnly = true)
    public Optional<UserId> idOf(String email) {
        return users.findByEmail(normalize(email)).map(user -> UserId.of(user.id()));
    }

    /**
     * The account whose password this is. A wrong password and an unknown e-mail address cost the same: one BCrypt
     * comparison (against a dummy hash for the unknown address). No transaction, so no database connection is held
     * while hashing.
     */
    Optional<AppUser> authenticate(String email, String password) {
        Optional<AppUser> user = users.findByEmail(normalize(email));
        if (user.isEmpty()) {
            hashing.matchesNoAccount(password);
            return Optional.empty();
        }
        return user.filter(found -> hashing.matches(password, found.passwordHash()));
    }

    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static DomainException emailTaken() {
        return DomainException.conflict("EMAIL_TAKEN", "An account with this email already exists.");
    }
}
