package io.flashsale.shared;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of a checkout, chosen at admission: a UUID string in JSON, paths, Redis and the database. */
public record CheckoutId(UUID value) {

    public static CheckoutId random() {
        return new CheckoutId(UUID.randomUUID());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CheckoutId of(String text) {
        return new CheckoutId(UUID.fromString(text));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
