package io.flashsale.identity;

import io.flashsale.shared.KeyedRateLimit;
import org.springframework.stereotype.Component;

/**
 * The sign-in and sign-up rate limits of this instance ({@link KeyedRateLimit}): per e-mail address the sign-ins that
 * failed, per client address every sign-in, and per client address every sign-up. Each is taken before any
 * password is hashed, so they bound the BCrypt work one address can cause as well as password guessing. An unknown
 * e-mail address is counted exactly like a known one. A bucket left alone for its period is full again, so that is
 * how long it is kept.
 */
@Component
class AccountThrottles {

    private final KeyedRateLimit<String> loginFailures;
    private final KeyedRateLimit<String> loginAddresses;
    private final KeyedRateLimit<String> registrationAddresses;

    AccountThrottles(IdentitySettings settings) {
        this.loginFailures = limit(settings.loginFailuresPerAccount(), settings);
        this.loginAddresses = limit(settings.loginsPerAddress(), settings);
        this.registrationAddresses = limit(settings.registrationsPerAddress(), settings);
    }

    /** Before a sign-in is checked: takes a token for the address and one for the account (given back on success). */
    void beforeLogin(String email, String address) {
        loginAddresses.take(address, "Too many sign-in attempts from this address");
        loginFailures.take(Accounts.normalize(email), "Too many failed sign-ins for this account");
    }

    /** A sign-in succeeded: it does not count against the account. */
    void loginSucceeded(String email) {
        loginFailures.giveBack(Accounts.normalize(email));
    }

    void beforeRegistration(String address) {
        registrationAddresses.take(address, "Too many sign-ups from this address");
    }

    private static KeyedRateLimit<String> limit(IdentitySettings.Rate rate, IdentitySettings settings) {
        return new KeyedRateLimit<>(rate.count(), rate.per(), rate.per(), settings.throttleTracked());
    }
}
