package io.flashsale.promotion;

import io.flashsale.shared.UserId;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is making an operator's change, for the audit trail: the verified token's subject (a user id), or nobody
 * (the service itself, e.g. the demo sale at start-up). A subject that is not a number is kept as nobody: operator
 * tokens of the local issuer always carry one.
 */
final class Actors {

    private Actors() {
    }

    static UserId current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        try {
            return UserId.of(Long.parseLong(authentication.getName()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
