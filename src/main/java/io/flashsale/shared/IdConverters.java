package io.flashsale.shared;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** How the typed ids are stored: the columns hold the plain number or UUID string. */
final class IdConverters {

    private IdConverters() {
    }

    @Converter(autoApply = true)
    static class PromotionVariantIds implements AttributeConverter<PromotionVariantId, Long> {
        @Override
        public Long convertToDatabaseColumn(PromotionVariantId id) {
            return id == null ? null : id.value();
        }

        @Override
        public PromotionVariantId convertToEntityAttribute(Long column) {
            return column == null ? null : PromotionVariantId.of(column);
        }
    }

    @Converter(autoApply = true)
    static class UserIds implements AttributeConverter<UserId, Long> {
        @Override
        public Long convertToDatabaseColumn(UserId id) {
            return id == null ? null : id.value();
        }

        @Override
        public UserId convertToEntityAttribute(Long column) {
            return column == null ? null : UserId.of(column);
        }
    }

    @Converter(autoApply = true)
    static class CheckoutIds implements AttributeConverter<CheckoutId, String> {
        @Override
        public String convertToDatabaseColumn(CheckoutId id) {
            return id == null ? null : id.toString();
        }

        @Override
        public CheckoutId convertToEntityAttribute(String column) {
            return column == null ? null : CheckoutId.of(column);
        }
    }
}
