package io.flashsale.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Instant;

import io.flashsale.shared.DomainException;
import org.junit.jupiter.api.Test;

/** The promotion variant's own rules, without a server. */
class PromotionVariantTests {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void roundsTheSalePriceToCentsHalfUp() {
        PromotionVariant variant = PromotionVariant.create(request("19.99", "0.3333"), 1L, NOW);

        assertThat(variant.salePrice()).isEqualByComparingTo("6.66");
        assertThat(variant.terms().unitPrice()).isEqualByComparingTo("6.66");
    }

    @Test
    void isEnabledUnlessTheOperatorSaysOtherwiseAndKeepsItsNameTrimmed() {
        PromotionVariant variant = PromotionVariant.create(new PromotionVariantRequest(7L, "  Nova phone ", null,
                null, new BigDecimal("10.00"), BigDecimal.ONE, 5, 1, 60, NOW, NOW.plusSeconds(3600), null, null, null), 1L, NOW);

        assertThat(variant.enabled()).isTrue();
        assertThat(variant.name()).isEqualTo("Nova phone");
    }

    @Test
    void refusesAWindowThatEndsBeforeItStarts() {
        DomainException refused = catchThrowableOfType(DomainException.class, () -> PromotionVariant.create(
                new PromotionVariantRequest(7L, "Nova", null, null, new BigDecimal("10.00"), BigDecimal.ONE, 5, 1,
                        60, NOW, NOW, true, null, null), 1L, NOW));

        assertThat(refused.kind()).isEqualTo(DomainException.Kind.INVALID);
        assertThat(refused.getMessage()).isEqualTo("endsAt: must be after startsAt");
    }

    @Test
    void refusesAWindowNoDatabaseCanHold() {
        DomainException refused = catchThrowableOfType(DomainException.class, () -> PromotionVariant.create(
                new PromotionVariantRequest(7L, "Nova", null, null, new BigDecimal("10.00"), BigDecimal.ONE, 5, 1,
                        60, Instant.parse("1970-01-01T00:00:00Z"), NOW, true, null, null), 1L, NOW));

        assertThat(refused.getMessage()).startsWith("startsAt: must be between");

        DomainException tooLate = catchThrowableOfType(DomainException.class, () -> PromotionVariant.create(
                new PromotionVariantRequest(7L, "Nova", null, null, new BigDecimal("10.00"), BigDecimal.ONE, 5, 1,
                        60, NOW, Instant.parse("+999999-01-01T00:00:00Z"), true, null, null), 1L, NOW));
        assertThat(tooLate.getMessage()).startsWith("endsAt: must be between");
    }

    @Test
    void aPatchChangesOnlyTheFieldsItCarriesAndChecksTheWindowAfterwards() {
        PromotionVariant variant = PromotionVariant.create(request("10.00", "1"), 1L, NOW);
        variant.apply(new PromotionVariantPatch(null, null, null, null, null, null, 8, null, null, null, null,
                false, null, null), NOW);

        assertThat(variant.stock()).isEqualTo(8);
        assertThat(variant.enabled()).isFalse();
        assertThat(variant.name()).isEqualTo("Nova");

        DomainException refused = catchThrowableOfType(DomainException.class, () -> variant.apply(
                new PromotionVariantPatch(null, null, null, null, null, null, null, null, null, null,
                        NOW.minusSeconds(60), null, null, null), NOW));
        assertThat(refused.getMessage()).isEqualTo("endsAt: must be after startsAt");
    }

    @Test
    void aPatchMayNotBlankTheName() {
        PromotionVariant variant = PromotionVariant.create(request("10.00", "1"), 1L, NOW);

        DomainException refused = catchThrowableOfType(DomainException.class, () -> variant.apply(
                new PromotionVariantPatch(null, " ", null, null, null, null, null, null, null, null, null, null, null,
                        null), NOW));

        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.getMessage()).isEqualTo("name: must not be blank");
    }

    private static PromotionVariantRequest request(String price, String discountRate) {
        return new PromotionVariantRequest(7L, "Nova", null, null, new BigDecimal(price),
                new BigDecimal(discountRate), 5, 1, 60, NOW, NOW.plusSeconds(3600), true, null, null);
    }
}
