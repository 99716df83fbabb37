package io.flashsale.order;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.flashsale.checkout.StockReservations;
import io.flashsale.promotion.StockLedger;
import io.flashsale.shared.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A checkout's life after it was written: confirm, pay, cancel, expire. Each transition is one transaction whose
 * compare-and-set on the status decides the winner of any race (expiry against payment, say); only the winner
 * moves stock, so units are counted once. After the commit, released units go back to Redis and the buyer is told.
 */
@Service
class Checkouts {

    private static final Logger log = LoggerFactory.getLogger(Checkouts.class);
    private static final Limit LIST_LIMIT = Limit.of(100);

    private final CheckoutOrders orders;
    private final StockLedger ledger;
    private final StockReservations reservations;
    private final HoldTimer holdTimer;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Checkouts(CheckoutOrders orders, StockLedger ledger, StockReservations reservations, HoldTimer holdTimer,
            ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock) {
        this.orders = orders;
        this.ledger = ledger;
        this.reservations = reservations;
        this.holdTimer = holdTimer;
        this.events = events;
        // each read sees what committed before it (a checkout the worker wrote a moment ago included)
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
    }

    /**
     * The caller's checkout: written, or still queued; another user's is as missing as a missing one. The worker
     * forgets a hold only after its order committed, so a checkout missing from both places at first may have been
     * written in between: the database is asked once more.
     */
    CheckoutView find(UUID checkoutId, long userId) {
        return written(checkoutId, userId)
                .or(() -> reservations.queuedHold(checkoutId).filter(hold -> hold.userId() == userId)
                        .map(CheckoutView::queued))
                .or(() -> written(checkoutId, userId))
                .orElseThrow(() -> ApiException.notFound("Checkout"));
    }

    private Optional<CheckoutView> written(UUID checkoutId, long userId) {
        return orders.findByCheckoutIdAndUserId(checkoutId.toString(), userId).map(CheckoutView::of);
    }

    List<CheckoutView> list(long userId) {
        return orders.findByUserIdOrderByCreatedAtDescIdDesc(userId, LIST_LIMIT).stream().map(CheckoutView::of)
                .toList();
    }

    /** CHECKOUT → CONFIRMED before the hold runs out; the payment deadline is one more hold from now. */
    CheckoutView confirm(UUID checkoutId, long userId, String address) {
        CheckoutOrder order = transition(checkoutId, userId, now -> {
            CheckoutOrder current = mine(checkoutId, userId);
            Instant due = wholeSecondAfter(now).plusSeconds(current.holdSeconds());
            return orders.confirm(checkoutId.toString(), userId, address.strip(), now, due) == 1;
        });
        schedule(order);
        events.publishEvent(CheckoutEvents.of(CheckoutEvent.of(CheckoutEvent.Type.CheckoutConfirmed, order)));
        return CheckoutView.of(order);
    }

    /** CONFIRMED → PAID before the payment deadline: the reserved units become sold. */
    CheckoutView pay(UUID checkoutId, long userId) {
        CheckoutOrder order = transition(checkoutId, userId, now -> {
            if (orders.pay(checkoutId.toString(), userId, now) != 1) {
                return false;
            }
            CheckoutOrder paid = mine(checkoutId, userId);
            ledger.sell(paid.promotionVariantId(), paid.quantity());
            return true;
        });
        events.publishEvent(CheckoutEvents.of(CheckoutEvent.of(CheckoutEvent.Type.CheckoutPaid, order)));
        return CheckoutView.of(order);
    }

    /** CHECKOUT or CONFIRMED → CANCELLED: the units go back at once. */
    CheckoutView cancel(UUID checkoutId, long userId) {
        CheckoutOrder order = transition(checkoutId, userId, now -> {
            if (orders.cancel(checkoutId.toString(), userId, now) != 1) {
                return false;
            }
            CheckoutOrder cancelled = mine(checkoutId, userId);
            ledger.release(cancelled.promotionVariantId(), cancelled.quantity());
            return true;
        });
        giveBack(order);
        events.publishEvent(CheckoutEvents.of(CheckoutEvent.of(CheckoutEvent.Type.CheckoutCancelled, order)));
        return CheckoutView.of(order);
    }

    /**
     * Expires a checkout past its deadline, unconfirmed or unpaid. Harmless to call for any checkout, any number of
     * times: only an open one past its deadline changes.
     */
    boolean expire(UUID checkoutId) {
        Optional<CheckoutOrder> expired = transactions.execute(tx -> {
            Instant now = clock.instant();
            if (orders.expire(checkoutId.toString(), now) != 1) {
                return Optional.<CheckoutOrder>empty();
            }
            CheckoutOrder order = orders.findByCheckoutId(checkoutId.toString()).orElseThrow();
            ledger.release(order.promotionVariantId(), order.quantity());
            return Optional.of(order);
        });
        expired.ifPresent(order -> {
            giveBack(order);
            events.publishEvent(CheckoutEvents.of(CheckoutEvent.of(CheckoutEvent.Type.CheckoutExpired, order)));
        });
        return expired.isPresent();
    }

    /** The deadline of a checkout still open (unconfirmed, or unpaid); empty once it is settled. */
    Optional<Instant> openUntil(UUID checkoutId) {
        return orders.findByCheckoutId(checkoutId.toString())
                .filter(o -> o.status() == CheckoutStatus.CHECKOUT || o.status() == CheckoutStatus.CONFIRMED)
                .map(CheckoutOrder::expiresAt);
    }

    /** Open checkouts past their deadline, for the sweep. */
    List<UUID> overdue(int max) {
        return orders.findOverdue(List.of(CheckoutStatus.CHECKOUT, CheckoutStatus.CONFIRMED), clock.instant(),
                Limit.of(max)).stream().map(UUID::fromString).toList();
    }

    private CheckoutOrder transition(UUID checkoutId, long userId, Step step) {
        return transactions.execute(tx -> {
            Instant now = clock.instant();
            if (!step.apply(now)) {
                CheckoutOrder current = mine(checkoutId, userId);
                throw ApiException.conflict("INVALID_STATE", "The checkout is " + current.status()
                        + (current.expiresAt().isAfter(now) ? "" : " and past its deadline") + ".");
            }
            return mine(checkoutId, userId);
        });
    }

    /** The caller's written checkout; a queued one can't change yet (asked as in {@link #find}). */
    private CheckoutOrder mine(UUID checkoutId, long userId) {
        return orders.findByCheckoutIdAndUserId(checkoutId.toString(), userId).orElseGet(() -> {
            if (reservations.queuedHold(checkoutId).filter(hold -> hold.userId() == userId).isPresent()) {
                throw ApiException.conflict("INVALID_STATE", "The checkout is still QUEUED.");
            }
            return orders.findByCheckoutIdAndUserId(checkoutId.toString(), userId)
                    .orElseThrow(() -> ApiException.notFound("Checkout"));
        });
    }

    /** Schedules (again) the expiry of a checkout at its current deadline. */
    void schedule(CheckoutOrder order) {
        try {
            holdTimer.schedule(order.checkoutId(), order.expiresAt());
        } catch (RuntimeException e) {
            log.warn("Payment deadline of {} not scheduled ({}); the sweep will expire it", order.checkoutId(),
                    e.toString());
        }
    }

    private void giveBack(CheckoutOrder order) {
        try {
            reservations.returnStock(order.promotionVariantId(), order.checkoutId(), order.userId(),
                    order.quantity());
        } catch (RuntimeException e) {
            log.error("Units of {} released in the database but not in Redis: {}", order.checkoutId(), e.toString());
        }
    }

    /** Deadlines are whole seconds, like the hold's (see reserve.lua), rounded up. */
    private static Instant wholeSecondAfter(Instant instant) {
        Instant second = instant.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(instant) ? second : second.plusSeconds(1);
    }

    @FunctionalInterface
    private interface Step {
        /** Runs the compare-and-set; false when the checkout was not in the state the transition needs. */
        boolean apply(Instant now);
    }
}
