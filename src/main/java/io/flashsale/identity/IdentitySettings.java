package io.flashsale.identity;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the local token issuer ({@code flashsale.identity.*}).
 *
 * @param issuer the {@code iss} of issued tokens, and the one accepted
 * @param audience the {@code aud} of issued tokens, and the one required (set in {@code application.yml}, whose
 *     resource-server settings require it of an external issuer's tokens too)
 * @param tokenTtl how long an access token lives
 * @param signingKey a PKCS#8 PEM RSA private key; when blank, {@code signingKeyFile} is used
 * @param signingKeyFile where the local development key is kept, generated on first start if missing
 * @param operator the bootstrap operator account, created or updated at start-up when both fields are set
 * @param verifiedTokenCache how many verified tokens to remember (about 2 KiB of heap each), so a retry skips the
 *     signature check; 0 is off
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
        @Min(0) @DefaultValue("50000") long verifiedTokenCache) {

    record Operator(String email, String password) {
        boolean configured() {
            return email != null && !email.isBlank() && password != null && !password.isBlank();
        }
    }
}
