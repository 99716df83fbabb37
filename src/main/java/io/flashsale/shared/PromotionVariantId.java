package io.flashsale.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of a promotion variant (one product variant on sale): a number in JSON, paths and the database. */
public record PromotionVariantId(long value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static PromotionVariantId of(long value) {
        return new PromotionVariantId(value);
    }

    /** From a path variable or a Redis field; a non-number is a type mismatch (400). */
    public static PromotionVariantId of(String text) {
        return new PromotionVariantId(Long.parseLong(text));
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
