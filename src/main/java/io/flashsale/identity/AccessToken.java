package io.flashsale.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The token endpoint's answer, in OAuth 2 field names. */
public record AccessToken(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn) {
}
