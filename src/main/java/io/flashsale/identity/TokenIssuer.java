package io.flashsale.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.RSAKey;
import io.flashsale.shared.UserId;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signs the access tokens of the local issuer: RS256, with {@code sub}, {@code iss}, {@code aud} and {@code roles}. */
@Component
@LocalIssuer
public class TokenIssuer {

    private final JwtEncoder encoder;
    private final RSAKey key;
    private final IdentitySettings settings;
    private final Clock clock;

    TokenIssuer(JwtEncoder encoder, RSAKey key, IdentitySettings settings, Clock clock) {
        this.encoder = encoder;
        this.key = key;
        this.settings = settings;
        this.clock = clock;
    }

    public AccessToken issue(UserId user, Set<Role> roles) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(user.toString())
                .issuer(settings.issuer())
                .audience(List.of(settings.audience()))
                .issuedAt(now)
                .expiresAt(now.plus(settings.tokenTtl()))
                .claim("roles", roles.stream().sorted().map(Role::name).toList())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).type("JWT").build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(token, "Bearer", settings.tokenTtl().toSeconds());
    }
}
