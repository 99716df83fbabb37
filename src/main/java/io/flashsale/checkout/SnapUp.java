package io.flashsale.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.flashsale.checkout.StockReservations.Admission;
import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.ApiException;
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
        this.clock = clock;
    }

    Accepted snapUp(long userId, String clientAddress, long promotionVariantId, int quantity, String idempotencyKey) {
        if (quantity > settings.maxQuantity()) {
            throw ApiException.validation("quantity", "must be at most " + settings.maxQuantity());
        }
        rateLimits.check(userId, clientAddress);
        if (soldOut.isSoldOut(promotionVariantId)) {
            throw refused("SOLD_OUT");
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
        if (publisher.publish(checkout)) {
            meters.counter("flashsale.snapup.accepted").increment();
            return new Accepted(checkout.checkoutId(), checkout.expiresAt());
        }
        // Not confirmed: give the units back. If the hold is already gone, a late confirm let the worker persist
        // the checkout before we got here: then it was accepted after all.
        if (!reservations.releaseHold(checkout)) {
            return new Accepted(checkout.checkoutId(), checkout.expiresAt());
        }
        throw unavailable();
    }

    private ApiException refusal(long promotionVariantId, String reason) {
        meters.counter("flashsale.snapup.refused", "reason", reason).increment();
        return switch (reason) {
            case "SOLD_OUT" -> {
                soldOut.soldOut(promotionVariantId);
                yield refused(reason);
            }
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
