package io.flashsale.shared;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a controller into problem+json with a {@code code}: bad input is a 4xx that names the
 * field, and nothing unexpected leaks a stack trace.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    /** The domain's refusals: each kind has its status, and a retry hint travels as {@code Retry-After}. */
    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> refused(DomainException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        ProblemDetail problem = e instanceof DomainException.InvalidField invalid
                ? Problems.validation(List.of(invalid.error()))
                : Problems.of(status, e.code(), e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        e.retryAfter().ifPresent(after -> headers.set(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, after.toSeconds()))));
        return problem(problem, headers);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<Problems.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problems.FieldError::field))
                .toList();
        return problem(Problems.validation(errors), new HttpHeaders());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException e) {
        return problem(Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "Not allowed."), new HttpHeaders());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException e) {
        return problem(Problems.of(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "Authentication required."),
                new HttpHeaders());
    }

    /**
     * A server we depend on (database, Redis) failed, or no database connection could be had for a transaction:
     * the client may try again.
     */
    @ExceptionHandler({DataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<Object> unavailable(RuntimeException e) {
        log.error("A backing server failed", e);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return problem(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                "A server we depend on is unavailable; please try again."), headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "Something went wrong on our side."), new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new Problems.FieldError(f.getField(),
                        f.isBindingFailure() ? "has the wrong type" : f.getDefaultMessage()))
                .sorted(Comparator.comparing(Problems.FieldError::field))
                .collect(Collectors.toList());
        e.getBindingResult().getGlobalErrors()
                .forEach(g -> errors.add(new Problems.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return problem(Problems.validation(errors), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors bound
                        // a bound object (query parameters into a record): name each of its fields
                        ? bound.getFieldErrors().stream().map(f -> new Problems.FieldError(f.getField(),
                                f.isBindingFailure() ? "has the wrong type" : f.getDefaultMessage()))
                        : result.getResolvableErrors().stream()
                                .map(error -> new Problems.FieldError(parameterName(result), error.getDefaultMessage())))
                .toList();
        return problem(Problems.validation(errors), headers);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String field = e.getPropertyName() != null ? e.getPropertyName() : "value";
        return problem(Problems.validation(List.of(new Problems.FieldError(field, "has the wrong type"))), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLarge tooLarge) {
                return problem(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                        tooLarge.getMessage()), headers);
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return problem(Problems.validation(List.of(
                        new Problems.FieldError(path(unknown), "is not a known field"))), headers);
            }
            if (cause instanceof InvalidFormatException fraction && isFraction(fraction)) {
                return problem(Problems.validation(List.of(
                        new Problems.FieldError(path(fraction), "must be a whole number"))), headers);
            }
            if (cause instanceof MismatchedInputException mismatch && !path(mismatch).isEmpty()) {
                return problem(Problems.validation(List.of(
                        new Problems.FieldError(path(mismatch), "has the wrong type or format"))), headers);
            }
        }
        return problem(Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_JSON",
                "The request body is missing or is not valid JSON."), headers);
    }

    /** Every other Spring MVC failure (404, 405, 406, 415, missing parameters…) gets a code for its status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : Problems.of(status, Problems.codeFor(status), e.getMessage());
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            String code = status.value() == 400 ? "VALIDATION_FAILED" : Problems.codeFor(status);
            problem.setProperty("code", code);
        }
        return problem(problem, headers);
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(out).body(problem);
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** A number with a fraction (or an exponent) where a whole number is expected. */
    private static boolean isFraction(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        boolean whole = target == Integer.class || target == int.class || target == Long.class
                || target == long.class || target == Short.class || target == short.class;
        Object value = e.getValue();
        return whole && !path(e).isEmpty()
                && (value instanceof Double || value instanceof Float || value instanceof BigDecimal);
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name != null ? name : "parameter";
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
