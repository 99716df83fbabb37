package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The header is read exactly as Spring Security's default resolver reads it, without its regular expression. */
class HeaderBearerTokensTests {

    private final HeaderBearerTokens ours = new HeaderBearerTokens();
    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

    @Test
    void readsEveryHeaderAsTheDefaultResolverDoes() {
        List<String> headers = new ArrayList<>(List.of("Bearer abc.def.ghi", "bearer abc.def.ghi", "BEARER abc",
                "Bearer abc==", "Bearer ==", "Bearer =a", "Bearer a=b", "Bearer ", "Bearer", "Bearerabc",
                "Bearer  abc", "Bearer abc ", "Bearer ab c", "Bearer a-b._~+/9", "Bearer ab%cd", "Bearer äbc",
                "Basic dXNlcjpwYXNz", "Token abc", "", "Bear abc", "bearer\tabc"));
        Random random = new Random(42); // and random ones over the characters that matter
        String alphabet = "aZ09-._~+/= \t%äB";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : "bearer");
            for (int i = random.nextInt(8); i > 0; i--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            assertThat(outcome(ours, header)).as(header).isEqualTo(outcome(spring, header));
        }
    }

    @Test
    void aMalformedBearerHeaderIsRefusedAndAnotherSchemeIsNoToken() {
        assertThatThrownBy(() -> ours.resolve(request("Bearer a b")))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThat(ours.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
        assertThat(ours.resolve(new MockHttpServletRequest())).isNull();
        assertThat(ours.resolve(request("Bearer eyJ.eyJ.sig=="))).isEqualTo("eyJ.eyJ.sig==");
    }

    private static String outcome(BearerTokenResolver resolver, String header) {
        try {
            return "token:" + resolver.resolve(request(header));
        } catch (OAuth2AuthenticationException e) {
            return "refused:" + e.getError().getErrorCode();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/snap-up/checkouts");
        request.addHeader(HttpHeaders.AUTHORIZATION, authorization);
        return request;
    }
}
