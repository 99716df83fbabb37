package io.flashsale.checkout;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import io.flashsale.promotion.StockLedger;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.LiveStock;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A checkout's life once written: confirm, pay, cancel, expire. Each transition is one transaction whose
 * compare-and-set on the status decides the winner of any race (expiry against payment, say); only the winner
 * moves stock, so units are counted once. What must follow the commit (units given back to the live stock, an
 * expiry scheduled, the buyer told) is recorded in the same transaction and done right after it ({@link FollowUps}).
 */
@Service
class CheckoutLifecycle {

    private static final List<CheckoutStatus> OPEN = List.of(CheckoutStatus.CHECKOUT, CheckoutStatus.CONFIRMED);

    private final Checkouts checkouts;
    private final StockLedger ledger;
    private final LiveStock stock;
    private final FollowUps followUps;
    private final TransactionTemplate transactions;
    private final CheckoutSettings settings;
    private final Clock clock;

    CheckoutLifecycle(Checkouts checkouts, StockLedger ledger, LiveStock stock, FollowUps followUps,
            PlatformTransactionManager transactionManager, CheckoutSettings settings, Clock clock) {
        this.checkouts = checkouts;
        this.ledger = ledger;
        this.stock = stock;
        this.followUps = followUps;
        // each read sees what committed before it (a checkout the worker wrote a moment ago included)
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The buyer's checkout: written, or still queued; another buyer's is as missing as a missing one. The worker
     * settles a hold only after its checkout committed, so a checkout missing from both places at first may have
     * been written in between: the database is asked once more.
     */
    CheckoutView find(CheckoutId checkoutId, UserId buyer) {
        return written(checkoutId, buyer)
                .or(() -> stock.queued(checkoutId).filter(queued -> queued.userId().equals(buyer))
                        .map(CheckoutView::queued))
                .or(() -> written(checkoutId, buyer))
                .orElseThrow(CheckoutLifecycle::notFound);
    }

    private Optional<CheckoutView> written(CheckoutId checkoutId, UserId buyer) {
        return checkouts.findByCheckoutIdAndUserId(checkoutId, buyer).map(CheckoutView::of);
    }

    /** One page of the buyer's written checkouts, newest first, in any of these statuses (none given: any). */
    Page<CheckoutView> list(UserId buyer, List<CheckoutStatus> statuses, Pageable page) {
        CheckoutSearch mine = new CheckoutSearch(null, null, null, null, null, statuses, null, null);
        return checkouts.findAll(mine.where(List.of(buyer), null), page).map(CheckoutView::of);
    }

    /** CHECKOUT → CONFIRMED before the hold runs out; the payment deadline is one more hold from now. */
    CheckoutView confirm(CheckoutId checkoutId, UserId buyer, String address) {
        Checkout checkout = transition(checkoutId, buyer, now -> {
            Checkout current = mine(checkoutId, buyer);
            Instant due = wholeSecondAfter(now).plusSeconds(current.holdSeconds());
            return checkouts.confirm(checkoutId, buyer, address.strip(), now, due) == 1;
        }, (confirmed, followUp) -> followUp.expire(new ExpiryTimer.HoldEnded(checkoutId, confirmed.expiresAt()))
                .tell(CheckoutEvent.of(CheckoutEvent.Type.CheckoutConfirmed, confirmed)));
        return CheckoutView.of(checkout);
    }

    /** CONFIRMED → PAID before the payment deadline: the reserved units become sold. */
    CheckoutView pay(CheckoutId checkoutId, UserId buyer) {
        Checkout checkout = transition(checkoutId, buyer, now -> {
            if (checkouts.pay(checkoutId, buyer, now) != 1) {
                return false;
            }
            Checkout paid = mine(checkoutId, buyer);
            ledger.sell(paid.promotionVariantId(), paid.quantity());
            return true;
        }, (paid, followUp) -> followUp.paid(paid.hold())
                .tell(CheckoutEvent.of(CheckoutEvent.Type.CheckoutPaid, paid)));
        return CheckoutView.of(checkout);
    }

    /** CHECKOUT or CONFIRMED → CANCELLED: the units go back at once. */
    CheckoutView cancel(CheckoutId checkoutId, UserId buyer) {
        Checkout checkout = transition(checkoutId, buyer, now -> {
            if (checkouts.cancel(checkoutId, buyer, now) != 1) {
                return false;
            }
            Checkout cancelled = mine(checkoutId, buyer);
            ledger.giveBack(cancelled.promotionVariantId(), cancelled.quantity());
            return true;
        }, (cancelled, followUp) -> followUp.giveBackClosed(cancelled.hold())
                .tell(CheckoutEvent.of(CheckoutEvent.Type.CheckoutCancelled, cancelled)));
        return CheckoutView.of(checkout);
    }

    /**
     * Expires a checkout past its deadline, unconfirmed or unpaid. Harmless to call for any checkout, any number of
     * times: only an open one past its deadline changes.
     */
    boolean expire(CheckoutId checkoutId) {
        return expireAll(List.of(checkoutId)).expired() == 1;
    }

    /**
     * Expires, in one transaction, those of these checkouts that are open and past their deadline: their rows are
     * locked first, so a payment racing the expiry waits and then finds the status changed (or wins, and the
     * expiry skips it). Their units go back to the database at once and, after the commit, to the live stock in
     * one script call per promotion variant; their buyers are told in one fan-out message.
     *
     * @return how many expired, and the deadlines of those still open with a later deadline (confirmed meanwhile)
     */
    Expiry expireAll(Collection<CheckoutId> checkoutIds) {
        Committed committed = commitExpiry(checkoutIds);
        followUps.run(committed.followUps());
        return committed.expiry();
    }

    /** The transaction of {@link #expireAll}, its follow-ups recorded in it and not yet done. */
    Committed commitExpiry(Collection<CheckoutId> checkoutIds) {
        if (checkoutIds.isEmpty()) {
            return new Committed(new Expiry(0, Map.of()), List.of());
        }
        Map<CheckoutId, Instant> later = new HashMap<>();
        List<FollowUps.Saved> saved = new ArrayList<>();
        List<Checkout> expired = transactions.execute(tx -> {
            Instant now = clock.instant();
            List<Checkout> due = new ArrayList<>();
            for (Checkout open : checkouts.findOpenForUpdate(checkoutIds.stream().map(CheckoutId::toString).toList())) {
                if (open.expiresAt().isAfter(now)) {
                    later.put(open.checkoutId(), open.expiresAt());
                } else {
                    due.add(open);
                }
            }
            if (!due.isEmpty()) {
                checkouts.expireAll(due.stream().map(Checkout::checkoutId).toList(), now);
                // in id order, as the worker locks them: two transactions never wait on each other in a circle
                due.stream().collect(Collectors.groupingBy(Checkout::promotionVariantId,
                                () -> new TreeMap<>(Comparator.comparingLong(PromotionVariantId::value)),
                                Collectors.summingInt(Checkout::quantity)))
                        .forEach(ledger::giveBack);
                Map<PromotionVariantId, FollowUp.Builder> work = new LinkedHashMap<>();
                due.forEach(c -> work.computeIfAbsent(c.promotionVariantId(), FollowUp::of)
                        .giveBackClosed(c.hold())
                        .tell(new CheckoutEvent(CheckoutEvent.Type.CheckoutExpired, c.checkoutId(), c.userId(),
                                CheckoutStatus.EXPIRED, c.promotionVariantId(), c.expiresAt())));
                saved.addAll(followUps.save(work.values().stream().map(FollowUp.Builder::build).toList()));
            }
            return due;
        });
        return new Committed(new Expiry(expired.size(), later), saved);
    }

    /** An expiry committed, and its follow-ups (giving the units back to the live stock, telling the buyers). */
    record Committed(Expiry expiry, List<FollowUps.Saved> followUps) {
    }

    /**
     * What an expiry pass came to.
     *
     * @param later checkouts still open whose deadline moved (confirmed meanwhile): when to look again
     */
    record Expiry(int expired, Map<CheckoutId, Instant> later) {
    }

    /** Open checkouts past their deadline, for the sweep. */
    List<CheckoutId> overdue(int max) {
        return checkouts.findByStatusInAndExpiresAtLessThanEqualOrderByExpiresAt(OPEN, clock.instant(), Limit.of(max))
                .stream().map(Checkout::checkoutId).toList();
    }

    /**
     * Runs a compare-and-set in a transaction that also records its follow-up, then does the follow-up; returns the
     * checkout as committed.
     */
    private Checkout transition(CheckoutId checkoutId, UserId buyer, Step step,
            BiConsumer<Checkout, FollowUp.Builder> followUp) {
        List<FollowUps.Saved> saved = new ArrayList<>();
        Checkout checkout = transactions.execute(tx -> {
            Instant now = clock.instant();
            if (!step.apply(now)) {
                Checkout current = mine(checkoutId, buyer);
                throw invalidState(current.status() + (current.expiresAt().isAfter(now) ? "" : " and past its deadline"));
            }
            Checkout changed = mine(checkoutId, buyer);
            FollowUp.Builder work = FollowUp.of(changed.promotionVariantId());
            followUp.accept(changed, work);
            saved.addAll(followUps.save(List.of(work.build())));
            return changed;
        });
        followUps.run(saved);
        return checkout;
    }

    /** The buyer's written checkout; a queued one can't change yet (asked as in {@link #find}). */
    private Checkout mine(CheckoutId checkoutId, UserId buyer) {
        return checkouts.findByCheckoutIdAndUserId(checkoutId, buyer).orElseGet(() -> {
            if (stock.queued(checkoutId).filter(queued -> queued.userId().equals(buyer)).isPresent()) {
                throw invalidState("still QUEUED");
            }
            return checkouts.findByCheckoutIdAndUserId(checkoutId, buyer).orElseThrow(CheckoutLifecycle::notFound);
        });
    }

    /** Deadlines are whole seconds, like the hold's (see admit.lua), rounded up. */
    static Instant wholeSecondAfter(Instant instant) {
        Instant second = instant.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(instant) ? second : second.plusSeconds(1);
    }

    private static DomainException invalidState(String state) {
        return DomainException.conflict("INVALID_STATE", "The checkout is " + state + ".");
    }

    private static DomainException notFound() {
        return DomainException.notFound("Checkout");
    }

    @FunctionalInterface
    private interface Step {
        /** Runs the compare-and-set; false when the checkout was not in the state the transition needs. */
        boolean apply(Instant now);
    }
}
