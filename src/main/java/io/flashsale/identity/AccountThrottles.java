package io.flashsale.identity;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.KeyedRateLimit;
import io.flashsale.shared.RateLimitBuckets;
import org.springframework.stereotype.Component;

/**
 * The sign-in and sign-up rate limits, shared by every instance ({@link KeyedRateLimit}): per e-mail address and client
 * address the sign-ins that failed, per e-mail address the sign-ins that failed from every address together (a much
 * larger budget, against guessing spread over many addresses), per client address every sign-in, and per client
 * address every sign-up. Each is taken before any password is hashed, so they bound the BCrypt work one address can
 * cause as well as password guessing. Failing on purpose from one address spends that address's budget for the
 * account, not its owner's. An unknown e-mail address is counted exactly like a known one. A bucket left alone for
 * its period is full again, so that is how long it is kept.
 */
@Component
class AccountThrottles {

    private final KeyedRateLimit<AccountAtAddress> loginFailuresFromAddress;
    private final KeyedRateLimit<String> loginFailures;
    private final KeyedRateLimit<String> loginAddresses;
    private final KeyedRateLimit<String> registrationAddresses;

    AccountThrottles(IdentitySettings settings, RateLimitBuckets buckets) {
        this.loginFailuresFromAddress = limit("login-failures-account-address",
                settings.loginFailuresPerAccountAndAddress(), buckets);
        this.loginFailures = limit("login-failures-account", settings.loginFailuresPerAccount(), buckets);
        this.loginAddresses = limit("logins-address", settings.loginsPerAddress(), buckets);
        this.registrationAddresses = limit("registrations-address", settings.registrationsPerAddress(), buckets);
    }

    /**
     * Before a sign-in is checked: takes a token for the address, then one for the account from this address, then
     * one for the account (both given back on success). What one address was refused for its own failures does not
     * spend the account's budget.
     */
    void beforeLogin(String email, String address) {
        loginAddresses.take(address, "Too many sign-in attempts from this address");
        AccountAtAddress attempt = new AccountAtAddress(Accounts.normalize(email), address);
        loginFailuresFromAddress.take(attempt, "Too many failed sign-ins for this account from this address");
        try {
            loginFailures.take(attempt.account(), "Too many failed sign-ins for this account");
        } catch (DomainException e) {
            loginFailuresFromAddress.giveBack(attempt); // not tried: no failure to count
            throw e;
        }
    }

    /** A sign-in succeeded: it counts against neither the account nor the account at this address. */
    void loginSucceeded(String email, String address) {
        String account = Accounts.normalize(email);
        loginFailuresFromAddress.giveBack(new AccountAtAddress(account, address));
        loginFailures.giveBack(account);
    }

    void beforeRegistration(String address) {
        registrationAddresses.take(address, "Too many sign-ups from this address");
    }

    private static <K> KeyedRateLimit<K> limit(String name, IdentitySettings.Rate rate, RateLimitBuckets buckets) {
        return buckets.limit(name, rate.count(), rate.per());
    }

    /** An account (its normalized e-mail address) as tried from one client address. */
    private record AccountAtAddress(String account, String address) {

        @Override
        public String toString() { // the bucket's key
            return account + "@" + address;
        }
    }
}
