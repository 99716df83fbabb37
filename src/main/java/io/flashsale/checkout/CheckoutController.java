package io.flashsale.checkout;

import java.util.List;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PageQuery;
import io.flashsale.shared.Pages;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The buyer's checkouts: status (the pull fallback of the socket), confirm, pay, cancel. */
@RestController
@Tag(name = "checkouts", description = "The buyer's checkouts")
@RequestMapping("/api/checkouts")
class CheckoutController {

    private final CheckoutLifecycle checkouts;
    private final int listLimit;

    CheckoutController(CheckoutLifecycle checkouts, CheckoutSettings settings) {
        this.checkouts = checkouts;
        this.listLimit = Math.min(settings.listLimit(), PageQuery.MAX_SIZE);
    }

    /** Newest first; one page, of {@code listLimit} (100) by default. */
    @GetMapping
    @Operation(operationId = "listCheckouts", summary = "The buyer's written checkouts, newest first, one page")
    @ApiProblems(ProblemCode.VALIDATION_FAILED)
    ResponseEntity<List<CheckoutView>> mine(@ParameterObject @Valid PageQuery page,
            @RequestParam(required = false) List<CheckoutStatus> status, UserId buyer) {
        return Pages.of(checkouts.list(buyer, status,
                page.pageable(listLimit, AdminCheckoutController.NEWEST_FIRST)));
    }

    @GetMapping("/{checkoutId}")
    @Operation(operationId = "getCheckout", summary = "One checkout of the buyer's, queued or written")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    CheckoutView one(@PathVariable CheckoutId checkoutId, UserId buyer) {
        return checkouts.find(checkoutId, buyer);
    }

    @PostMapping("/{checkoutId}/confirm")
    @Operation(operationId = "confirmCheckout", summary = "Give the delivery address: payment is due one more hold later")
    @ApiProblems({ProblemCode.NOT_FOUND, ProblemCode.INVALID_STATE})
    CheckoutView confirm(@PathVariable CheckoutId checkoutId, @Valid @RequestBody Confirmation confirmation,
            UserId buyer) {
        return checkouts.confirm(checkoutId, buyer, confirmation.address());
    }

    @PostMapping("/{checkoutId}/pay")
    @Operation(operationId = "payCheckout", summary = "Pay a confirmed checkout")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND, ProblemCode.INVALID_STATE})
    CheckoutView pay(@PathVariable CheckoutId checkoutId, UserId buyer) {
        return checkouts.pay(checkoutId, buyer);
    }

    @PostMapping("/{checkoutId}/cancel")
    @Operation(operationId = "cancelCheckout", summary = "Cancel a checkout: its units go back at once")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND, ProblemCode.INVALID_STATE})
    CheckoutView cancel(@PathVariable CheckoutId checkoutId, UserId buyer) {
        return checkouts.cancel(checkoutId, buyer);
    }

    record Confirmation(@NotBlank @Size(max = 500) String address) {
    }
}
