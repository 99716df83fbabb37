package io.flashsale.snapup;

import java.net.URI;
import java.time.Instant;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.ClientAddresses;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.Refusal;
import io.flashsale.waitingroom.WaitingRoom;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/snap-up/checkouts}: answers at once, 202 once the checkout is queued. The client is counted under
 * its address's {@linkplain ClientAddresses#limitKey limit key} (an IPv6 client as its /64) by the rate limit, the
 * live stock's unpaid units per address and the written checkout alike. No method-validation proxy: the body is
 * validated as it is read and the Idempotency-Key by a loop (in the stampede's profile the proxy's annotation lookups
 * and second pass over the arguments took a fourteenth of the service's CPU).
 */
@RestController
@Tag(name = "snap-up", description = "The endpoint the stampede hits")
class SnapUpController {

    static final String PATH = "/api/snap-up/checkouts";
    private static final String KEY_PATTERN = "[\\x21-\\x7E]{1,100}";
    private static final int KEY_MAX = 100;

    private final SnapUp snapUp;
    private final WaitingRoom waitingRoom;

    SnapUpController(SnapUp snapUp, WaitingRoom waitingRoom) {
        this.snapUp = snapUp;
        this.waitingRoom = waitingRoom;
    }

    @PostMapping(PATH)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "snapUp", summary = "Snap up units of a promotion variant: 202 once the checkout is queued")
    @ApiProblems({ProblemCode.NOT_FOUND, ProblemCode.SOLD_OUT, ProblemCode.LIMIT_EXCEEDED,
            ProblemCode.TOO_MANY_SALES_HELD, ProblemCode.ADDRESS_LIMIT_EXCEEDED, ProblemCode.NOT_STARTED,
            ProblemCode.ENDED, ProblemCode.COOLING_DOWN, ProblemCode.RATE_LIMITED, ProblemCode.WAITING_ROOM,
            ProblemCode.INVALID_PASS, ProblemCode.UNAVAILABLE})
    ResponseEntity<Queued> snapUp(@Valid @RequestBody Request request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Parameter(schema = @Schema(type = "string", pattern = KEY_PATTERN)) String idempotencyKey,
            @RequestHeader(name = "Flashsale-Pass", required = false) String pass,
            UserId buyer, HttpServletRequest http) {
        if (idempotencyKey != null && !visibleAscii(idempotencyKey)) {
            throw DomainException.invalid("idempotencyKey", "must be 1 to 100 visible ASCII characters");
        }
        PromotionVariantId variant = PromotionVariantId.of(request.promotionVariantId());
        int quantity = request.quantity() == null ? 1 : request.quantity();
        // after the last unit, before the waiting room and whatever costs (a retry with a key may be owed a checkout)
        if (idempotencyKey == null && snapUp.refusesAsSoldOut(variant, quantity)) {
            throw Refusal.SOLD_OUT.exception();
        }
        // While the sale's waiting room is on, only a buyer it let through gets past here (no server asked).
        waitingRoom.checkPass(variant, buyer, pass);
        SnapUp.Accepted accepted = snapUp.snapUp(buyer, ClientAddresses.limitKey(http.getRemoteAddr()), variant,
                quantity, idempotencyKey);
        return ResponseEntity.accepted()
                .location(URI.create("/api/checkouts/" + accepted.checkoutId()))
                .body(new Queued(accepted.checkoutId(), "QUEUED", accepted.expiresAt()));
    }

    /** What {@link #KEY_PATTERN} says, by a loop. */
    private static boolean visibleAscii(String key) {
        if (key.isEmpty() || key.length() > KEY_MAX) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    @Schema(name = "SnapUpRequest")
    record Request(@NotNull @Positive Long promotionVariantId, @Min(1) Integer quantity) {
    }

    @Schema(name = "SnapUpAccepted")
    record Queued(CheckoutId checkoutId, @Schema(allowableValues = "QUEUED") String status, Instant expiresAt) {
    }
}
