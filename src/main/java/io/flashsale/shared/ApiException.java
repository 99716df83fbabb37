package io.flashsale.shared;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on: answered as problem+json with the given status and {@code code}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final HttpHeaders headers = new HttpHeaders();

    public ApiException(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Headers the answer carries, such as {@code Retry-After}. */
    public HttpHeaders headers() {
        return headers;
    }

    public ApiException withHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, detail);
    }

    public static ApiException validation(String field, String message) {
        return new FieldValidationException(field, message);
    }

    /** A business-rule violation tied to one request field, reported like a bean-validation error. */
    static final class FieldValidationException extends ApiException {
        private final Problems.FieldError error;

        FieldValidationException(String field, String message) {
            super(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", field + ": " + message);
            this.error = new Problems.FieldError(field, message);
        }

        Problems.FieldError error() {
            return error;
        }
    }
}
