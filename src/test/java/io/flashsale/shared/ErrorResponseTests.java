package io.flashsale.shared;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every way a request can be wrong gets problem+json with a code, and never a stack trace: the web edge alone,
 * against a controller of the test's own.
 */
@WebMvcTest(controllers = ErrorResponseTests.Probe.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(ErrorResponseTests.Probe.class)
class ErrorResponseTests {

    @Autowired
    MockMvc mvc;

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        expectProblem(postJson("{\"stock\": "), 400, "MALFORMED_JSON");
    }

    @Test
    void aMissingBodyIsABadRequest() throws Exception {
        expectProblem(postJson(""), 400, "MALFORMED_JSON");
    }

    @Test
    void aWrongTypeNamesTheField() throws Exception {
        expectProblem(postJson("{\"stock\": \"many\"}"), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.errors[0].field").value("stock"));
    }

    @Test
    void aBadInstantNamesTheField() throws Exception {
        expectProblem(postJson("{\"startsAt\": \"tomorrow\"}"), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.errors[0].field").value("startsAt"));
    }

    @Test
    void aBrokenConstraintNamesTheField() throws Exception {
        expectProblem(postJson("{\"stock\": -1}"), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.errors[0].field").value("stock"));
    }

    @Test
    void aWrongTypedIdInThePathIsABadRequest() throws Exception {
        expectProblem(mvc.perform(get("/probe/promotion-variants/abc")), 400, "VALIDATION_FAILED");
        expectProblem(mvc.perform(get("/probe/checkouts/not-a-uuid")), 400, "VALIDATION_FAILED");
    }

    @Test
    void typedIdsTravelAsPlainJsonValues() throws Exception {
        mvc.perform(get("/probe/promotion-variants/42")).andExpect(status().isOk())
                .andExpect(content().json("{\"id\": 42}", JsonCompareMode.STRICT));
        mvc.perform(get("/probe/checkouts/0b9f4bde-65f2-4c1e-8a43-7a9a1d0c5a10")).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("0b9f4bde-65f2-4c1e-8a43-7a9a1d0c5a10"));
    }

    @Test
    void anUnknownRouteIsNotFound() throws Exception {
        expectProblem(mvc.perform(get("/api/no-such-thing")), 404, "NOT_FOUND");
    }

    @Test
    void aWrongMethodIsNotAllowed() throws Exception {
        expectProblem(mvc.perform(delete("/probe")), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aWrongMediaTypeIsUnsupported() throws Exception {
        expectProblem(mvc.perform(post("/probe").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("stock=1")), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anUnacceptableResponseTypeIsRefused() throws Exception {
        mvc.perform(get("/probe/promotion-variants/1").accept(MediaType.APPLICATION_PDF))
                .andExpect(status().isNotAcceptable());
    }

    @Test
    void eachKindOfDomainRefusalHasItsStatus() throws Exception {
        expectProblem(mvc.perform(get("/probe/refusals/INVALID")), 400, "INVALID_CODE");
        expectProblem(mvc.perform(get("/probe/refusals/UNAUTHENTICATED")), 401, "UNAUTHENTICATED_CODE");
        expectProblem(mvc.perform(get("/probe/refusals/NOT_FOUND")), 404, "NOT_FOUND_CODE");
        expectProblem(mvc.perform(get("/probe/refusals/CONFLICT")), 409, "CONFLICT_CODE");
        expectProblem(mvc.perform(get("/probe/refusals/THROTTLED")), 429, "THROTTLED_CODE")
                .andExpect(header().string("Retry-After", "3"));
        expectProblem(mvc.perform(get("/probe/refusals/UNAVAILABLE")), 503, "UNAVAILABLE_CODE");
    }

    @Test
    void aRuleBrokenByOneFieldIsAValidationError() throws Exception {
        expectProblem(mvc.perform(get("/probe/invalid-field")), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.errors[0].field").value("endsAt"))
                .andExpect(jsonPath("$.errors[0].message").value("must be after startsAt"));
    }

    @Test
    void aFailingServerIsUnavailableWithRetryAfter() throws Exception {
        expectProblem(mvc.perform(get("/probe/server-down")), 503, "UNAVAILABLE")
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void noConnectionForATransactionIsUnavailableWithRetryAfter() throws Exception {
        expectProblem(mvc.perform(get("/probe/no-connection")), 503, "UNAVAILABLE")
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void aBugIsAnInternalErrorThatSaysNothingOfItself() throws Exception {
        expectProblem(mvc.perform(get("/probe/bug")), 500, "INTERNAL_ERROR")
                .andExpect(jsonPath("$.detail").value("Something went wrong on our side."));
    }

    private ResultActions postJson(String body) throws Exception {
        return mvc.perform(post("/probe").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static ResultActions expectProblem(ResultActions response, int status, String code) throws Exception {
        return response.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.trace").doesNotExist());
    }

    /** Endpoints that fail in each of the ways a real controller can. */
    @RestController
    static class Probe {

        record Body(@Min(0) Integer stock, Instant startsAt) {
        }

        record Shown<T>(T id) {
        }

        @PostMapping("/probe")
        Body create(@Valid @RequestBody Body body) {
            return body;
        }

        @GetMapping("/probe/promotion-variants/{id}")
        Shown<PromotionVariantId> variant(@PathVariable PromotionVariantId id) {
            return new Shown<>(id);
        }

        @GetMapping("/probe/checkouts/{id}")
        Shown<CheckoutId> checkout(@PathVariable CheckoutId id) {
            return new Shown<>(id);
        }

        @GetMapping("/probe/refusals/{kind}")
        void refuse(@PathVariable DomainException.Kind kind) {
            throw new DomainException(kind, kind.name() + "_CODE", "Refused as " + kind,
                    kind == DomainException.Kind.THROTTLED ? Duration.ofSeconds(3) : null);
        }

        @GetMapping("/probe/invalid-field")
        void invalidField() {
            throw DomainException.invalid("endsAt", "must be after startsAt");
        }

        @GetMapping("/probe/server-down")
        void serverDown() {
            throw new DataAccessResourceFailureException("connection refused");
        }

        @GetMapping("/probe/no-connection")
        void noConnection() {
            throw new CannotCreateTransactionException("Could not open JPA EntityManager for transaction");
        }

        @GetMapping("/probe/bug")
        void bug() {
            throw new IllegalStateException("a secret stack trace");
        }
    }
}
