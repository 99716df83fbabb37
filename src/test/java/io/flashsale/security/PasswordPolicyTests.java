package io.flashsale.security;

import java.util.Map;
import java.util.UUID;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A new password is at least 8 characters, not a commonly used one, and does not contain the e-mail address's name
 * part; each refusal is 400 VALIDATION_FAILED naming {@code password}. The passwords the demo, the test profile, the
 * browser tests and the benchmark use stay valid.
 */
@FlashsaleTest
class PasswordPolicyTests {

    @Autowired
    TestApi api;

    @Test
    void refusesCommonPasswordsInAnyLetterCase() {
        for (String common : new String[] {"12345678", "password", "PASSWORD", "Password1", "qwertyuiop",
                "iloveyou", "1q2w3e4r5t"}) {
            expectPasswordRefused(register(email("ada"), common), "too common");
        }
    }

    @Test
    void refusesTheEmailAddressItselfAsThePassword() {
        String email = email("ada");
        expectPasswordRefused(register(email, email), "e-mail");
        expectPasswordRefused(register(email, email.toUpperCase()), "e-mail");
    }

    @Test
    void refusesAPasswordContainingTheEmailAddressesName() {
        String email = email("grace.hopper");
        String name = email.substring(0, email.indexOf('@'));
        expectPasswordRefused(register(email, name + "!"), "e-mail");
        expectPasswordRefused(register(email, "my-" + name.toUpperCase() + "-2024"), "e-mail");
    }

    @Test
    void keepsTheMinimumAtEightCharacters() {
        expectPasswordRefused(register(email("ada"), "7-chars"), "size");
        register(email("ada"), "8-chars!").expectStatus().isCreated();
    }

    @Test
    void acceptsThePasswordsTheDemoTestsAndBenchmarkUse() {
        for (String password : new String[] {"buyer-demo", "operator-demo", "ops-password-1", "buyer-password-1",
                "password-1", "correct-horse"}) {
            register(email("buyer"), password).expectStatus().isCreated();
        }
    }

    private static void expectPasswordRefused(RestTestClient.ResponseSpec response, String messagePart) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors.length()").isEqualTo(1)
                .jsonPath("$.errors[0].field").isEqualTo("password")
                .jsonPath("$.errors[0].message").value(String.class,
                        message -> org.assertj.core.api.Assertions.assertThat(message).contains(messagePart));
    }

    private static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@flashsale.test";
    }

    private RestTestClient.ResponseSpec register(String email, String password) {
        return api.client().post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "Ada", "email", email, "password", password)).exchange();
    }
}
