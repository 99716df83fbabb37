package io.flashsale.identity;

/** A registered account as the API shows it. */
public record Account(long id, String name, String email) {

    static Account of(AppUser user) {
        return new Account(user.id(), user.name(), user.email());
    }
}
