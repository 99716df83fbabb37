package io.flashsale.shared;

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
 * The same problem+json answers as {@link ErrorResponseTests}, through the whole service: the security filters and
 * the servlet container in front of Spring MVC, and the real API document.
 */
@FlashsaleTest
class ProblemsThroughTheFiltersTests {

    @Autowired
    TestApi api;

    @Test
    void aWrongMethodIsNotAllowedEvenWithoutAToken() {
        expectProblem(api.client().delete().uri("/api/promotion-variants").exchange(), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void anUnknownRouteIsNotFound() {
        expectProblem(api.client().get().uri("/api/no-such-thing")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken())).exchange(), 404, "NOT_FOUND");
    }

    @Test
    void aNonNumericIdOnARealPathIsABadRequest() {
        expectProblem(api.client().get().uri("/api/admin/promotion-variants/abc")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange(), 400, "VALIDATION_FAILED");
    }

    @Test
    void theApiDocumentDoesNotAskForTheCallerAsAParameter() {
        String document = api.client().get().uri("/v3/api-docs")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody();

        assertThat(document).contains("/api/snap-up/checkouts", "/api/checkouts/{checkoutId}")
                .doesNotContain("\"name\":\"buyer\"");
    }

    private static void expectProblem(RestTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.trace").doesNotExist();
    }
}
