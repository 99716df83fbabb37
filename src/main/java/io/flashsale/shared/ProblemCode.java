package io.flashsale.shared;

import org.springframework.http.HttpStatus;

/**
 * Every problem {@code code} the public API answers (docs/api.md, "Problem codes"), with its status and an example
 * {@code detail}: what the OpenAPI document shows for each. The service builds its problems with {@link Problems};
 * this list is what it promises clients.
 */
public enum ProblemCode {

    VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "The request has invalid fields."),
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON."),
    INVALID_PASS(HttpStatus.BAD_REQUEST, "The waiting-room pass is not valid for this buyer and sale."),
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "The request is invalid."),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Authentication required."),
    BAD_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Email or password is wrong."),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Not allowed."),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Promotion variant not found."),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method 'PUT' is not supported."),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "No acceptable representation."),
    CONFLICT(HttpStatus.CONFLICT, "The request conflicts with the current state."),
    EMAIL_TAKEN(HttpStatus.CONFLICT, "An account with this email exists."),
    STOCK_BELOW_COMMITTED(HttpStatus.CONFLICT, "Stock can't go below the 12 units reserved or sold."),
    CURRENCY_FIXED(HttpStatus.CONFLICT, "The promotion has started: its currency can no longer change."),
    SOLD_OUT(HttpStatus.CONFLICT, "Sold out."),
    LIMIT_EXCEEDED(HttpStatus.CONFLICT, "Your quantity limit would be exceeded."),
    TOO_MANY_SALES_HELD(HttpStatus.CONFLICT, "You hold unpaid checkouts in as many sales as one buyer may."),
    ADDRESS_LIMIT_EXCEEDED(HttpStatus.CONFLICT, "Checkouts from your address hold as many units unpaid as allowed."),
    NOT_STARTED(HttpStatus.CONFLICT, "The sale has not started."),
    ENDED(HttpStatus.CONFLICT, "The sale has ended."),
    WAITING_ROOM(HttpStatus.CONFLICT, "This sale has a waiting room: join it and snap up when your turn comes."),
    ROOM_NOT_OPEN(HttpStatus.CONFLICT, "The waiting room opens later."),
    INVALID_STATE(HttpStatus.CONFLICT, "The checkout is not in a state for this transition."),
    DEAD_LETTER_RESOLVED(HttpStatus.CONFLICT, "The dead letter was already re-driven or discarded."),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than 16384 bytes."),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type 'text/plain' is not supported."),
    COOLING_DOWN(HttpStatus.TOO_MANY_REQUESTS, "Your last checkout here ended unpaid; try again later."),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; try again later."),
    TOO_MANY_CONNECTIONS(HttpStatus.TOO_MANY_REQUESTS, "Your address holds as many WebSockets as allowed."),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side."),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "A server we depend on is unavailable; please try again.");

    private final HttpStatus status;
    private final String example;

    ProblemCode(HttpStatus status, String example) {
        this.status = status;
        this.example = example;
    }

    public HttpStatus status() {
        return status;
    }

    /** A {@code detail} as the service might write it. */
    public String example() {
        return example;
    }
}
