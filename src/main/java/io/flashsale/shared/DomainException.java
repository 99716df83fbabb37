package io.flashsale.shared;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the domain refuses, said in the domain's words: what kind of refusal it is, an UPPER_SNAKE
 * {@code code} and a sentence for the caller. The web edge ({@link ProblemHandling}) answers it as problem+json
 * with the status that belongs to its kind; nothing below the controllers knows about HTTP. It records no stack trace:
 * it is thrown for every refused snap-up of a stampede, and where it was thrown says nothing its code doesn't.
 */
public class DomainException extends RuntimeException {

    /** The kinds of refusal; each has one status at the web edge. */
    public enum Kind {
        /** The request itself is wrong (400). */
        INVALID,
        /** The caller could not be identified (401). */
        UNAUTHENTICATED,
        /** There is no such thing for this caller (404). */
        NOT_FOUND,
        /** The request clashes with the current state (409). */
        CONFLICT,
        /** Too many requests; try again later (429). */
        THROTTLED,
        /** A server we depend on can't serve this now; nothing was done (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final Duration retryAfter;

    public DomainException(Kind kind, String code, String detail) {
        this(kind, code, detail, null);
    }

    public DomainException(Kind kind, String code, String detail, Duration retryAfter) {
        super(detail, null, false, false); // an answer, not a fault: no stack trace to fill (the stampede's refusals)
        this.kind = kind;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** When the caller may try again, for the refusals that say so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static DomainException notFound(String what) {
        return new DomainException(Kind.NOT_FOUND, "NOT_FOUND", what + " not found");
    }

    public static DomainException conflict(String code, String detail) {
        return new DomainException(Kind.CONFLICT, code, detail);
    }

    /** A server we depend on failed; nothing was done and a retry a second later may succeed. */
    public static DomainException unavailable(String detail) {
        return new DomainException(Kind.UNAVAILABLE, "UNAVAILABLE", detail, Duration.ofSeconds(1));
    }

    /** A rule broken by one request field, answered like a bean-validation error of that field. */
    public static DomainException invalid(String field, String message) {
        return new InvalidField(field, message);
    }

    /** A business-rule violation tied to one request field. */
    static final class InvalidField extends DomainException {
        private final Problems.FieldError error;

        InvalidField(String field, String message) {
            super(Kind.INVALID, "VALIDATION_FAILED", field + ": " + message);
            this.error = new Problems.FieldError(field, message);
        }

        Problems.FieldError error() {
            return error;
        }
    }
}
