package io.flashsale.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A buyer's or operator's user id: the token's {@code sub}, a number everywhere it travels. */
public record UserId(long value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static UserId of(long value) {
        return new UserId(value);
    }

    public static UserId of(String text) {
        return new UserId(Long.parseLong(text));
    }

    @JsonValue
    @Override
    public long value() {
        return value;
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
