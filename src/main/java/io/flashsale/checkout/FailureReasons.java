package io.flashsale.checkout;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flashsale.shared.CheckoutId;
import org.springframework.stereotype.Component;

/**
 * Why the worker last failed to write a checkout, remembered for a while on this instance so that the dead letter
 * the broker makes of its message can say why (the broker only says that the delivery limit was reached). Bounded:
 * a storm of failures forgets the oldest; a dead letter consumed on another instance falls back to the broker's
 * reason.
 */
@Component
class FailureReasons {

    private static final int MAX_LENGTH = 1000;

    private final Cache<CheckoutId, String> reasons = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    void failed(CheckoutId checkoutId, Throwable failure) {
        reasons.put(checkoutId, describe(failure));
    }

    Optional<String> of(CheckoutId checkoutId) {
        return Optional.ofNullable(reasons.getIfPresent(checkoutId));
    }

    /** The failure and its root cause, as short as a reason needs to be. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == failure ? failure.toString() : failure.getClass().getSimpleName() + ": " + root;
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }
}
