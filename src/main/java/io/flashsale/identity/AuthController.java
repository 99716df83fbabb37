package io.flashsale.identity;

import java.util.Map;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.UserId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

/** Sign-up, sign-in and the public keys of the local issuer. */
@RestController
@LocalIssuer
class AuthController {

    private final Accounts accounts;
    private final TokenIssuer tokens;
    private final RSAKey signingKey;

    AuthController(Accounts accounts, TokenIssuer tokens, RSAKey signingKey) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.signingKey = signingKey;
    }

    @PostMapping("/api/auth/register")
    ResponseEntity<Account> register(@Valid @RequestBody Registration registration) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(accounts.register(registration.name(), registration.email(), registration.password()));
    }

    @PostMapping("/api/auth/token")
    AccessToken token(@Valid @RequestBody Credentials credentials) {
        AppUser user = accounts.authenticate(credentials.email(), credentials.password())
                .orElseThrow(() -> new DomainException(DomainException.Kind.UNAUTHENTICATED, "BAD_CREDENTIALS",
                        "Email or password is wrong."));
        return tokens.issue(UserId.of(user.id()), user.roles());
    }

    @GetMapping("/.well-known/jwks.json")
    Map<String, Object> jwks() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }

    record Registration(
            @NotBlank @Size(max = 100) String name,
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 8, max = 72) String password) {
    }

    record Credentials(@NotBlank String email, @NotBlank String password) {
    }
}
