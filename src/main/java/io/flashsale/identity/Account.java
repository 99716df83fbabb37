package io.flashsale.identity;

import io.flashsale.shared.UserId;

/** A registered account as the API shows it. */
public record Account(UserId id, String name, String email) {

    static Account of(AppUser user) {
        return new Account(UserId.of(user.id()), user.name(), user.email());
    }
}
