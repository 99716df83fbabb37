package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.http.MediaType;

/** The test profile sets FLASHSALE_OPERATOR_EMAIL / _PASSWORD to ops@flashsale.test / ops-password-1. */
@FlashsaleTest
class OperatorBootstrapTests {

    @Autowired
    TestApi api;

    @Autowired
    OperatorBootstrap bootstrap;

    @Autowired
    AppUsers users;

    @Test
    void createsTheConfiguredOperatorWhoseTokenCarriesTheOperatorRole() throws Exception {
        Map<String, Object> token = api.client().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", "ops@flashsale.test", "password", "ops-password-1"))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();

        var claims = SignedJWT.parse((String) token.get("access_token")).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("roles")).containsExactlyInAnyOrder("USER", "OPERATOR");
    }

    @Test
    void runningAgainUpdatesTheAccountInsteadOfAddingOne() {
        long before = users.count();
        bootstrap.run(new DefaultApplicationArguments());
        assertThat(users.count()).isEqualTo(before);
        assertThat(users.findByEmail("ops@flashsale.test")).get()
                .extracting(AppUser::roles).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE)
                .contains(Role.OPERATOR, Role.USER);
    }
}
