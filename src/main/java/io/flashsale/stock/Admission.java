package io.flashsale.stock;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.shared.CheckoutId;

/** What the live state answered to a snap-up. */
public sealed interface Admission {

    /** A new checkout holds the units; it is queued until the worker writes it. */
    record Admitted(Hold hold, Instant expiresAt, BigDecimal unitPrice, int holdSeconds) implements Admission {
    }

    /** The buyer's Idempotency-Key was used before: that checkout again, and nothing more held. */
    record Duplicate(CheckoutId checkoutId, Instant expiresAt) implements Admission {
    }

    record Refused(Refusal refusal) implements Admission {
    }
}
