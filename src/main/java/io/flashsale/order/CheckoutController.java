package io.flashsale.order;

import java.util.List;
import java.util.UUID;

import io.flashsale.identity.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The buyer's checkouts: status (the pull fallback of the socket), confirm, pay, cancel. */
@RestController
@RequestMapping("/api/checkouts")
class CheckoutController {

    private final Checkouts checkouts;

    CheckoutController(Checkouts checkouts) {
        this.checkouts = checkouts;
    }

    @GetMapping
    List<CheckoutView> mine(Authentication caller) {
        return checkouts.list(CurrentUser.id(caller));
    }

    @GetMapping("/{checkoutId}")
    CheckoutView one(@PathVariable UUID checkoutId, Authentication caller) {
        return checkouts.find(checkoutId, CurrentUser.id(caller));
    }

    @PostMapping("/{checkoutId}/confirm")
    CheckoutView confirm(@PathVariable UUID checkoutId, @Valid @RequestBody Confirmation confirmation,
            Authentication caller) {
        return checkouts.confirm(checkoutId, CurrentUser.id(caller), confirmation.address());
    }

    @PostMapping("/{checkoutId}/pay")
    CheckoutView pay(@PathVariable UUID checkoutId, Authentication caller) {
        return checkouts.pay(checkoutId, CurrentUser.id(caller));
    }

    @PostMapping("/{checkoutId}/cancel")
    CheckoutView cancel(@PathVariable UUID checkoutId, Authentication caller) {
        return checkouts.cancel(checkoutId, CurrentUser.id(caller));
    }

    record Confirmation(@NotBlank @Size(max = 500) String address) {
    }
}
