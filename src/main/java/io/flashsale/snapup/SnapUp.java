package io.flashsale.snapup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.Admission;
import io.flashsale.stock.LiveStock;
import io.flashsale.stock.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The snap-up path: this instance's sold-out flag (asked first, by the caller), rate limits, admission by the live
 * stock (one Redis script), then the confirmed publish. No database on this path.
 */
@Service
class SnapUp {

    private static final Logger log = LoggerFactory.getLogger(SnapUp.class);
    private static final String NOTHING_RESERVED = "Nothing was reserved; please try again.";

    private final RateLimits rateLimits;
    private final LiveStock stock;
    private final CheckoutPublisher publisher;
    private final SnapUpSettings settings;
    private final MeterRegistry meters;
    private final Counter accepted;
    private final Map<Refusal, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    SnapUp(RateLimits rateLimits, LiveStock stock, CheckoutPublisher publisher, SnapUpSettings settings,
            MeterRegistry meters) {
        this.rateLimits = rateLimits;
        this.stock = stock;
        this.publisher = publisher;
        this.settings = settings;
        this.meters = meters;
        this.accepted = meters.counter("flashsale.snapup.accepted");
        List.of("accepted", "refused", "failed").forEach(this::timer);
    }

    /** The snap-up path, timed by its outcome: accepted, refused (a 4xx) or failed (a 503, or worse). */
    Accepted snapUp(UserId buyer, String clientAddress, PromotionVariantId id, int quantity, String idempotencyKey) {
        Timer.Sample sample = Timer.start();
        String outcome = "failed";
        try {
            Accepted accepted = admitAndQueue(buyer, clientAddress, id, quantity, idempotencyKey);
            outcome = "accepted";
            return accepted;
        } catch (DomainException e) {
            outcome = e.kind() == DomainException.Kind.UNAVAILABLE ? "failed" : "refused";
            throw e;
        } finally {
            sample.stop(timer(outcome));
        }
    }

    /**
     * Whether this instance's sold-out flag alone refuses a snap-up of this promotion variant without an
     * Idempotency-Key (asked first, before the waiting room and the rate limits, whatever they cost: after the last
     * unit a refusal asks no server); a refusal is counted and timed as every refusal is.
     */
    boolean refusesAsSoldOut(PromotionVariantId id, int quantity) {
        Timer.Sample sample = Timer.start();
        if (quantity > settings.maxQuantity() || !stock.isSoldOut(id)) { // too many: refused for that, by snapUp
            return false;
        }
        refused(new Admission.Refused(Refusal.SOLD_OUT));
        sample.stop(timer("refused"));
        return true;
    }

    private Timer timer(String outcome) {
        return timers.computeIfAbsent(outcome, o -> Timer.builder("flashsale.snapup")
                .description("A snap-up, from the checks to the broker's confirm").tag("outcome", o)
                .publishPercentileHistogram().register(meters));
    }

    private Accepted admitAndQueue(UserId buyer, String clientAddress, PromotionVariantId id, int quantity,
            String idempotencyKey) {
        if (quantity > settings.maxQuantity()) {
            throw DomainException.invalid("quantity", "must be at most " + settings.maxQuantity());
        }
        rateLimits.check(buyer, clientAddress);
        Admission admission;
        try {
            admission = stock.admit(id, buyer, quantity, idempotencyKey, clientAddress);
        } catch (DataAccessException e) {
            log.warn("Redis unavailable for snap-up: {}", e.getMessage());
            throw DomainException.unavailable(NOTHING_RESERVED);
        }
        return switch (admission) {
            case Admission.Duplicate duplicate -> new Accepted(duplicate.checkoutId(), duplicate.expiresAt());
            case Admission.Refused refusal -> throw refused(refusal);
            case Admission.Admitted admitted -> queue(new CheckoutReserved(admitted.hold().checkoutId(), id, buyer,
                    quantity, admitted.unitPrice(), admitted.holdSeconds(), admitted.expiresAt(), idempotencyKey,
                    clientAddress));
        };
    }

    private Accepted queue(CheckoutReserved checkout) {
        Accepted accepted = new Accepted(checkout.checkoutId(), checkout.expiresAt());
        if (publisher.publish(checkout)) {
            this.accepted.increment();
            return accepted;
        }
        // Not confirmed: undo the admission — unless a late confirm already let the worker claim it.
        LiveStock.Undo undo;
        try {
            undo = stock.undo(checkout.hold());
        } catch (DataAccessException e) {
            log.error("Checkout {} neither confirmed nor undone: {}", checkout.checkoutId(), e.getMessage());
            throw DomainException.unavailable(NOTHING_RESERVED);
        }
        if (undo == LiveStock.Undo.UNDONE || undo == LiveStock.Undo.LOST) { // LOST: a late copy creates nothing
            throw DomainException.unavailable(NOTHING_RESERVED);
        }
        this.accepted.increment();
        return accepted;
    }

    private DomainException refused(Admission.Refused refused) {
        this.refused.computeIfAbsent(refused.refusal(),
                r -> meters.counter("flashsale.snapup.refused", "reason", r.name())).increment();
        return refused.refusal().exception(refused.retryAfter());
    }

    record Accepted(CheckoutId checkoutId, Instant expiresAt) {
    }
}
