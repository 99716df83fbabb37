package io.flashsale.checkout;

import java.util.ArrayList;
import java.util.List;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.Hold;

/**
 * What must follow a commit outside the database, for one promotion variant: recorded in the committing transaction
 * (table {@code follow_up}) and done after it, again and again until done. Every step is harmless to repeat: settling
 * and giving back a queued checkout act only while its hold is recorded, a written checkout's give-back and payment
 * are remembered in the live state as closed, an expiry message twice is one compare-and-set that loses, and an event
 * twice tells the buyer what they know.
 *
 * @param settle checkouts now written: their holds are forgotten in the live stock
 * @param givenBackQueued queued checkouts written FAILED (or EXPIRED): their holds' units go back
 * @param givenBackClosed written checkouts that expired or were cancelled: their units go back, their buyers' cool-downs
 *     start
 * @param paid written checkouts paid: they stop counting as unpaid
 * @param expiries deadlines to schedule
 * @param events what the buyers are told, last
 */
record FollowUp(PromotionVariantId promotionVariantId, List<CheckoutId> settle, List<Hold> givenBackQueued,
        List<Hold> givenBackClosed, List<Hold> paid, List<ExpiryTimer.HoldEnded> expiries,
        List<CheckoutEvent> events) {

    static Builder of(PromotionVariantId id) {
        return new Builder(id);
    }

    /** Collects one promotion variant's follow-up. */
    static final class Builder {

        private final PromotionVariantId id;
        private final List<CheckoutId> settle = new ArrayList<>();
        private final List<Hold> givenBackQueued = new ArrayList<>();
        private final List<Hold> givenBackClosed = new ArrayList<>();
        private final List<Hold> paid = new ArrayList<>();
        private final List<ExpiryTimer.HoldEnded> expiries = new ArrayList<>();
        private final List<CheckoutEvent> events = new ArrayList<>();

        private Builder(PromotionVariantId id) {
            this.id = id;
        }

        Builder settle(CheckoutId checkoutId) {
            settle.add(checkoutId);
            return this;
        }

        Builder giveBackQueued(Hold hold) {
            givenBackQueued.add(hold);
            return this;
        }

        Builder giveBackClosed(Hold hold) {
            givenBackClosed.add(hold);
            return this;
        }

        Builder paid(Hold hold) {
            paid.add(hold);
            return this;
        }

        Builder expire(ExpiryTimer.HoldEnded expiry) {
            expiries.add(expiry);
            return this;
        }

        Builder tell(CheckoutEvent event) {
            events.add(event);
            return this;
        }

        FollowUp build() {
            return new FollowUp(id, List.copyOf(settle), List.copyOf(givenBackQueued), List.copyOf(givenBackClosed),
                    List.copyOf(paid), List.copyOf(expiries), List.copyOf(events));
        }
    }
}
