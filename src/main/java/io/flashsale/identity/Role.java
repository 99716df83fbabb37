package io.flashsale.identity;

/** What a user may do; carried in the token's {@code roles} claim. */
public enum Role {
    USER, OPERATOR
}
