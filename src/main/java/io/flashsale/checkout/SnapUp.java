package io.flashsale.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.checkout.StockReservations.Admission;
import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The snap-up path, in the order DESIGN.md gives it: rate limits, the local sold-out short cut, one Redis script,
 * then the confirmed publish. No database on this path.
 */
@Service
class SnapUp {

    private static final Logger log = LoggerFactory.getLogger(SnapUp.class);

    private final RateLimits rateLimits;
    private final SoldOutFlags soldOut;
    private final StockReservations reservations;
    private final CheckoutPublisher publisher;
    private final PromotionCatalog catalog;
    private final CheckoutSettings settings;
    private final MeterRegistry meters;
    private final Counter accepted;
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Clock clock;

    SnapUp(RateLimits rateLimits, SoldOutFlags soldOut, StockReservations reservations, CheckoutPublisher publisher,
            PromotionCatalog catalog, CheckoutSettings settings, MeterRegistry meters, Clock clock) {
        this.rateLimits = rateLimits;
        this.soldOut = soldOut;
        this.reservations = reservations;
        this.publisher = publisher;
        this.catalog = catalog;
        this.settings = settings;
        this.meters = meters;
        this.accepted = meters.counter("flashsale.snapup.accepted");
        this.clock = clock;
    }

    Accepted snapUp(long userId, String clientAddress, long promotionVariantId, int quantity, String idempotencyKey) {
        if (quantity > settings.maxQuantity()) {
            throw ApiException.validation("quantity", "must be at most " + settings.maxQuantity());
        }
        rateLimits.check(userId, clientAddress);
        // A retry with an Idempotency-Key must get its checkout back, sold out or not: only Redis knows it.
        if (idempotencyKey == null && soldOut.isSoldOut(promotionVariantId)) {
            throw refusal(promotionVariantId, "SOLD_OUT");
        }
        UUID checkoutId = UUID.randomUUID();
        Instant now = clock.instant();
        Admission admission;
        try {
            admission = reservations.reserve(promotionVariantId, userId, quantity, checkoutId, now, idempotencyKey);
        } catch (DataAccessException e) {
            log.warn("Redis unavailable for snap-up: {}", e.getMessage());
            throw unavailable();
        }
        return switch (admission) {
            case Admission.Duplicate duplicate -> new Accepted(duplicate.checkoutId(), duplicate.expiresAt());
            case Admission.Refused refused -> throw refusal(promotionVariantId, refused.reason());
            case Admission.Admitted admitted -> queue(new CheckoutReserved(checkoutId, promotionVariantId, userId,
                    quantity, admitted.unitPrice(), admitted.holdSeconds(), admitted.expiresAt(), idempotencyKey));
        };
    }

    private Accepted queue(CheckoutReserved checkout) {
        Accepted accepted = new Accepted(checkout.checkoutId(), checkout.expiresAt());
        if (publisher.publish(checkout)) {
            this.accepted.increment();
            return accepted;
        }
        // Not confirmed: take the admission back — unless a late confirm already let the worker claim it.
        StockReservations.Undo undo;
        try {
            undo = reservations.undo(checkout);
        } catch (DataAccessException e) {
            log.error("Checkout {} neither confirmed nor undone: {}", checkout.checkoutId(), e.getMessage());
            throw unavailable();
        }
        if (undo == StockReservations.Undo.UNDONE) {
            throw unavailable();
        }
        this.accepted.increment();
        return accepted;
    }

    private ApiException refusal(long promotionVariantId, String reason) {
        refused.computeIfAbsent(reason, r -> meters.counter("flashsale.snapup.refused", "reason", r)).increment();
        return switch (reason) {
            // the local sold-out flag is set by the script's announcement, only once nothing at all is left
            case "MISSING" -> catalog.isCurrent(promotionVariantId)
                    ? unavailable() // the live state is being rebuilt: the sale is paused
                    : ApiException.notFound("Promotion variant");
            default -> refused(reason);
        };
    }

    private static ApiException refused(String code) {
        String detail = switch (code) {
            case "SOLD_OUT" -> "Sold out.";
            case "LIMIT_EXCEEDED" -> "That would take you over this sale's limit per buyer.";
            case "NOT_STARTED" -> "The sale has not started yet.";
            case "ENDED" -> "The sale is over.";
            default -> code;
        };
        return ApiException.conflict(code, detail);
    }

    private static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                "Nothing was reserved; please try again.").withHeader("Retry-After", "1");
    }

    record Accepted(UUID checkoutId, Instant expiresAt) {
    }
}
