package io.flashsale.shared;

import static io.flashsale.support.TestApi.bearer;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Every way a request can be wrong gets problem+json with a code, and never a 5xx. */
@FlashsaleTest
class ErrorResponseTests {

    @Autowired
    TestApi api;

    @Test
    void malformedJsonIsABadRequest() {
        expectProblem(postSale("{\"name\": ", MediaType.APPLICATION_JSON), 400, "MALFORMED_JSON");
    }

    @Test
    void aMissingBodyIsABadRequest() {
        expectProblem(postSale("", MediaType.APPLICATION_JSON), 400, "MALFORMED_JSON");
    }

    @Test
    void aWrongTypeNamesTheField() {
        expectProblem(postSale("{\"stock\": \"many\"}", MediaType.APPLICATION_JSON), 400, "VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("stock");
    }

    @Test
    void aBadInstantNamesTheField() {
        expectProblem(postSale("{\"startsAt\": \"tomorrow\"}", MediaType.APPLICATION_JSON), 400,
                "VALIDATION_FAILED").jsonPath("$.errors[0].field").isEqualTo("startsAt");
    }

    @Test
    void aWrongPathVariableTypeIsABadRequest() {
        expectProblem(api.client().get().uri("/api/admin/promotion-variants/abc")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken())).exchange(), 400, "VALIDATION_FAILED");
    }

    @Test
    void anUnknownRouteIsNotFound() {
        expectProblem(api.client().get().uri("/api/no-such-thing")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken())).exchange(), 404, "NOT_FOUND");
    }

    @Test
    void aWrongMethodIsNotAllowed() {
        expectProblem(api.client().delete().uri("/api/promotion-variants").exchange(), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aWrongMediaTypeIsUnsupported() {
        expectProblem(postSale("stock=1", MediaType.APPLICATION_FORM_URLENCODED), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anUnacceptableResponseTypeIsRefused() {
        api.client().get().uri("/api/promotion-variants").accept(MediaType.APPLICATION_PDF).exchange()
                .expectStatus().isEqualTo(406);
    }

    private RestTestClient.ResponseSpec postSale(String body, MediaType type) {
        return api.client().post().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, bearer(api.operatorToken()))
                .contentType(type).body(body).exchange();
    }

    private static org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec expectProblem(
            RestTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.trace").doesNotExist();
    }
}
