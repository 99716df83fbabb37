package io.flashsale.stock;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import io.flashsale.shared.CheckoutId;

/** What the live state answered to a snap-up. */
public sealed interface Admission {

    /** A new checkout holds the units; it is queued until the worker writes it. */
    record Admitted(Hold hold, Instant expiresAt, BigDecimal unitPrice, int holdSeconds) implements Admission {

        /** The queued checkout as its hold was recorded. */
        public QueuedCheckout described() {
            return new QueuedCheckout(hold.checkoutId(), hold.promotionVariantId(), hold.userId(), hold.quantity(),
                    expiresAt, unitPrice, holdSeconds, hold.clientAddress());
        }
    }

    /** The buyer's Idempotency-Key was used before: that checkout again, and nothing more held. */
    record Duplicate(CheckoutId checkoutId, Instant expiresAt) implements Admission {
    }

    /** @param retryAfter when trying again may succeed, where the refusal knows it (a cool-down); else null */
    record Refused(Refusal refusal, Duration retryAfter) implements Admission {

        public Refused(Refusal refusal) {
            this(refusal, null);
        }
    }
}
