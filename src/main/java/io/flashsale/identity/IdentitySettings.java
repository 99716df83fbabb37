package io.flashsale.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the local token issuer, of the rules every token must pass, and of sign-up and sign-in
 * ({@code flashsale.identity.*}).
 *
 * @param issuer the {@code iss} of issued tokens, and the one accepted
 * @param audience the {@code aud} of issued tokens, and the one required (set in {@code application.yml}, whose
 *     resource-server settings require it of an external issuer's tokens too)
 * @param tokenTtl how long an access token of the local issuer lives; at most {@code maxTokenLifetime}
 * @param signingKey a PKCS#8 PEM RSA private key; when blank, {@code signingKeyFile} is used
 * @param signingKeyFile where the local development key is kept, generated on first start if missing
 * @param operator the bootstrap operator account, created or updated at start-up when both fields are set
 * @param verifiedTokenCache how many verified tokens to remember (137 bytes of heap each, measured: the user
 *     id, roles and expiry under 128 bits of the token's SHA-256; a million take 131 MiB), so a retry skips the signature check; 0 is off
 * @param maxTokenLifetime the longest lifetime a token may claim, ours or an external issuer's: a token whose
 *     {@code exp} is further than this from its {@code iat}, or from now, is refused (RFC 8725)
 * @param clockSkew how far the issuer's clock may be from ours when {@code exp}, {@code nbf} and {@code iat} are
 *     checked
 * @param maxTokenSize the longest {@code Authorization} header (HTTP) or STOMP {@code CONNECT} token accepted; a
 *     longer one is refused 401 before any parsing
 * @param loginFailuresPerAccountAndAddress sign-in attempts one e-mail address may fail from one client address,
 *     refilled over the period ({@code count/period}, e.g. {@code 10/15m}); a successful sign-in does not count;
 *     {@code 0/…} is off. Failing on purpose spends the failing address's budget, not the account owner's.
 * @param loginFailuresPerAccount sign-in attempts one e-mail address may fail from every client address together:
 *     the backstop against guessing spread over many addresses, far above what one address may fail (reaching it
 *     locks the account out of sign-in until it refills, whoever reached it); {@code 0/…} is off
 * @param loginsPerAddress sign-in attempts from one client address, successful or not; {@code 0/…} is off
 * @param registrationsPerAddress sign-ups from one client address; {@code 0/…} is off
 * @param hashingConcurrency how many password hashes (BCrypt) may be computed at once, on this instance; 0 is half
 *     the processors (at least 1), so a flood of sign-ins can't take every core
 * @param hashingWait how long a sign-in or sign-up waits for a free hashing slot before it is refused 503
 *     {@code UNAVAILABLE} ({@code Retry-After: 1}); 0 refuses at once
 */
@Validated
@ConfigurationProperties("flashsale.identity")
record IdentitySettings(
        @NotBlank @DefaultValue("flashsale") String issuer,
        @NotBlank String audience,
        @NotNull @DefaultValue("PT1H") Duration tokenTtl,
        String signingKey,
        @NotNull Path signingKeyFile,
        @DefaultValue Operator operator,
        @Min(0) @DefaultValue("1000000") long verifiedTokenCache,
        @NotNull @DefaultValue("PT24H") Duration maxTokenLifetime,
        @NotNull @DefaultValue("PT60S") Duration clockSkew,
        @NotNull @DefaultValue("8KB") DataSize maxTokenSize,
        @NotNull @DefaultValue("10/15m") Rate loginFailuresPerAccountAndAddress,
        @NotNull @DefaultValue("100/15m") Rate loginFailuresPerAccount,
        @NotNull @DefaultValue("30/1m") Rate loginsPerAddress,
        @NotNull @DefaultValue("10/1h") Rate registrationsPerAddress,
        @Min(0) @DefaultValue("0") int hashingConcurrency,
        @NotNull @DefaultValue("PT0.5S") Duration hashingWait) {

    @AssertTrue(message = "token-ttl must be positive and at most max-token-lifetime")
    boolean isTokenTtlWithinMaxLifetime() {
        return tokenTtl == null || maxTokenLifetime == null
                || (tokenTtl.isPositive() && tokenTtl.compareTo(maxTokenLifetime) <= 0);
    }

    /** How many password hashes may run at once: the setting, or half the processors. */
    int hashingSlots() {
        return hashingConcurrency > 0 ? hashingConcurrency
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    record Operator(String email, String password) {
        boolean configured() {
            return email != null && !email.isBlank() && password != null && !password.isBlank();
        }
    }

    /**
     * So many attempts per period, written {@code count/period} ({@code 10/15m}, {@code 30/PT1M}); a count of 0 is
     * no limit.
     */
    record Rate(int count, Duration per) {

        Rate {
            if (count < 0 || per == null || !per.isPositive()) {
                throw new IllegalArgumentException("A rate is count/period, count >= 0, period > 0");
            }
        }

        public static Rate of(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("A rate is written count/period, e.g. 10/15m: " + text);
            }
            String period = text.substring(slash + 1).strip();
            return new Rate(Integer.parseInt(text.substring(0, slash).strip()),
                    period.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(period)
                            : DurationStyle.SIMPLE.parse(period));
        }
    }
}
