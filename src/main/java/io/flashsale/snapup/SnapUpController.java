package io.flashsale.snapup;

import java.net.URI;
import java.time.Instant;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.ClientAddresses;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.waitingroom.WaitingRoom;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/snap-up/checkouts}: answers at once, 202 once the checkout is queued. The client is counted under
 * its address's {@linkplain ClientAddresses#limitKey limit key} (an IPv6 client as its /64) by the rate limit, the
 * live stock's unpaid units per address and the written checkout alike.
 */
@RestController
@Validated
class SnapUpController {

    static final String PATH = "/api/snap-up/checkouts";

    private final SnapUp snapUp;
    private final WaitingRoom waitingRoom;

    SnapUpController(SnapUp snapUp, WaitingRoom waitingRoom) {
        this.snapUp = snapUp;
        this.waitingRoom = waitingRoom;
    }

    @PostMapping(PATH)
    ResponseEntity<Queued> snapUp(@Valid @RequestBody Request request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Pattern(regexp = "[\\x21-\\x7E]{1,100}", message = "must be 1 to 100 visible ASCII characters")
            String idempotencyKey,
            @RequestHeader(name = "Flashsale-Pass", required = false) String pass,
            UserId buyer, HttpServletRequest http) {
        // While the sale's waiting room is on, only a buyer it let through gets past here (no server asked).
        waitingRoom.checkPass(PromotionVariantId.of(request.promotionVariantId()), buyer, pass);
        SnapUp.Accepted accepted = snapUp.snapUp(buyer, ClientAddresses.limitKey(http.getRemoteAddr()),
                PromotionVariantId.of(request.promotionVariantId()), request.quantity() == null ? 1 : request.quantity(),
                idempotencyKey);
        return ResponseEntity.accepted()
                .location(URI.create("/api/checkouts/" + accepted.checkoutId()))
                .body(new Queued(accepted.checkoutId(), "QUEUED", accepted.expiresAt()));
    }

    record Request(@NotNull @Positive Long promotionVariantId, @Min(1) Integer quantity) {
    }

    record Queued(CheckoutId checkoutId, String status, Instant expiresAt) {
    }
}
