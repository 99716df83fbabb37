package io.flashsale.stock;

import java.time.Duration;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.DomainException.Kind;

/**
 * Why a snap-up was not admitted. The admission script answers one of these names (or {@code MISSING}, which
 * {@link LiveStock} turns into {@link #NOT_FOUND} or {@link #PAUSED}); each carries its kind, code and message.
 */
public enum Refusal {
    SOLD_OUT(Kind.CONFLICT, "SOLD_OUT", "Sold out."),
    LIMIT_EXCEEDED(Kind.CONFLICT, "LIMIT_EXCEEDED", "That would take you over this sale's limit per buyer."),
    /** Units held unpaid by checkouts from the caller's address are at the operator's limit. */
    ADDRESS_LIMIT_EXCEEDED(Kind.CONFLICT, "ADDRESS_LIMIT_EXCEEDED",
            "Too many units of this sale are held unpaid from your address; pay or let them go first."),
    /** The buyer holds unpaid checkouts in as many other promotion variants as one buyer may. */
    TOO_MANY_SALES_HELD(Kind.CONFLICT, "TOO_MANY_SALES_HELD",
            "You hold unpaid checkouts in too many other sales; pay or let them go first."),
    /** A checkout of the caller's ended unpaid a short while ago (see Retry-After). */
    COOLING_DOWN(Kind.THROTTLED, "COOLING_DOWN",
            "You let a checkout of this sale lapse; you may try again when the cool-down is over."),
    NOT_STARTED(Kind.CONFLICT, "NOT_STARTED", "The sale has not started yet."),
    ENDED(Kind.CONFLICT, "ENDED", "The sale is over."),
    /** No such promotion variant is current. */
    NOT_FOUND(Kind.NOT_FOUND, "NOT_FOUND", "Promotion variant not found"),
    /** The live state is being rebuilt after Redis lost it: nothing is admitted until then. */
    PAUSED(Kind.UNAVAILABLE, "UNAVAILABLE", "Nothing was reserved; please try again.");

    private final Kind kind;
    private final String code;
    private final String message;

    Refusal(Kind kind, String code, String message) {
        this.kind = kind;
        this.code = code;
        this.message = message;
    }

    /** The problem code a refusal is answered with. */
    public String code() {
        return code;
    }

    /** What the buyer is told. */
    public String message() {
        return message;
    }

    public DomainException exception() {
        return exception(null);
    }

    /** The refusal as an exception, with when to try again where the refusal knows it. */
    public DomainException exception(Duration retryAfter) {
        return kind == Kind.UNAVAILABLE ? DomainException.unavailable(message)
                : new DomainException(kind, code, message, retryAfter);
    }
}
