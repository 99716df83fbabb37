package io.flashsale.identity;

import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.ClientAddresses;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up, sign-in and the public keys of the local issuer. Sign-ups and sign-ins are rate-limited
 * ({@link AccountThrottles}) before any password is hashed, per client address as
 * {@link ClientAddresses#limitKey} counts it.
 */
@RestController
@Tag(name = "accounts", description = "Sign-up, sign-in and the local issuer's keys")
@SecurityRequirements
@LocalIssuer
class AuthController {

    private final Accounts accounts;
    private final AccountThrottles throttles;
    private final TokenIssuer tokens;
    private final RSAKey signingKey;

    AuthController(Accounts accounts, AccountThrottles throttles, TokenIssuer tokens, RSAKey signingKey) {
        this.accounts = accounts;
        this.throttles = throttles;
        this.tokens = tokens;
        this.signingKey = signingKey;
    }

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "register", summary = "Create an account")
    @ApiProblems({ProblemCode.NOT_FOUND, ProblemCode.EMAIL_TAKEN, ProblemCode.RATE_LIMITED})
    ResponseEntity<Account> register(@Valid @RequestBody Registration registration, HttpServletRequest http) {
        throttles.beforeRegistration(ClientAddresses.limitKey(http.getRemoteAddr()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(accounts.register(registration.name(), registration.email(), registration.password()));
    }

    @PostMapping("/api/auth/token")
    @Operation(operationId = "requestToken", summary = "Sign in: an access token")
    @ApiProblems({ProblemCode.NOT_FOUND, ProblemCode.BAD_CREDENTIALS, ProblemCode.RATE_LIMITED})
    AccessToken token(@Valid @RequestBody Credentials credentials, HttpServletRequest http) {
        String address = ClientAddresses.limitKey(http.getRemoteAddr());
        throttles.beforeLogin(credentials.email(), address);
        AppUser user = accounts.authenticate(credentials.email(), credentials.password())
                .orElseThrow(() -> new DomainException(DomainException.Kind.UNAUTHENTICATED, "BAD_CREDENTIALS",
                        "Email or password is wrong."));
        throttles.loginSucceeded(credentials.email(), address);
        return tokens.issue(UserId.of(user.id()), user.roles());
    }

    @GetMapping("/.well-known/jwks.json")
    @Operation(operationId = "jwks", summary = "The local issuer's public key")
    @ApiProblems(ProblemCode.NOT_FOUND)
    Map<String, Object> jwks() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }

    record Registration(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String password) {
    }

    /** The e-mail address is bounded as at sign-up: it keys a sign-in rate limit. */
    record Credentials(@NotBlank @Size(max = 254) String email, @NotBlank String password) {
    }
}
