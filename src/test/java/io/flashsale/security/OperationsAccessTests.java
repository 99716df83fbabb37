package io.flashsale.security;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Metrics, the OpenAPI document and Swagger UI are for operators unless opened by a setting; health stays public
 * but tells an anonymous caller its status alone.
 */
@FlashsaleTest
class OperationsAccessTests {

    static final String[] OPERATORS_ONLY = {"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/swagger-config",
        "/swagger-ui.html", "/swagger-ui/index.html"};

    @Autowired
    TestApi api;

    @Test
    void metricsAndApiDocsNeedAToken() {
        for (String path : OPERATORS_ONLY) {
            api.client().get().uri(path).exchange().expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHORIZED");
        }
    }

    @Test
    void metricsAndApiDocsAreForbiddenToABuyer() {
        String buyer = api.buyerToken();
        for (String path : OPERATORS_ONLY) {
            get(path, buyer).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void anOperatorReadsMetricsAndApiDocs() {
        String operator = api.operatorToken();
        for (String path : OPERATORS_ONLY) {
            served(get(path, operator), path);
        }
    }

    @Test
    void healthTellsAnAnonymousCallerItsStatusButNotItsComponents() {
        api.client().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist();
        get("/actuator/health", api.buyerToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.components").doesNotExist();
        get("/actuator/health", api.operatorToken()).expectStatus().isOk().expectBody()
                .jsonPath("$.components.db.status").isEqualTo("UP");
    }

    @Test
    void livenessAndReadinessProbesArePublic() {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            api.client().get().uri(probe).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components").doesNotExist();
        }
    }

    @Test
    void aComponentOfHealthIsNotPublic() {
        api.client().get().uri("/actuator/health/db").exchange().expectStatus().isNotFound();
    }

    /** Served, or redirected within (Swagger UI's page sends the browser on to its index). */
    static void served(RestTestClient.ResponseSpec response, String path) {
        response.expectStatus().value(status -> assertThat(status).as(path).isBetween(200, 399));
    }

    private RestTestClient.ResponseSpec get(String path, String token) {
        return api.client().get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange();
    }
}
