package io.flashsale.checkout;

import java.util.List;

/** Checkout events raised together (a written batch, or one transition), so they travel on together. */
public record CheckoutEvents(List<CheckoutEvent> events) {

    static CheckoutEvents of(CheckoutEvent event) {
        return new CheckoutEvents(List.of(event));
    }
}
