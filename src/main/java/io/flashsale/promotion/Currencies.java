package io.flashsale.promotion;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

import io.flashsale.shared.DomainException;

/** ISO 4217 currency codes: the three upper-case letters of a currency the JDK knows (EUR, CNY, USD…). */
final class Currencies {

    private static final Set<String> KNOWN = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private Currencies() {
    }

    static boolean isKnown(String code) {
        return code != null && KNOWN.contains(code);
    }

    /** The code itself, or {@code 400 VALIDATION_FAILED} on the field. */
    static String checked(String field, String code) {
        if (!isKnown(code)) {
            throw DomainException.invalid(field, "must be an ISO 4217 currency code in capitals, e.g. EUR");
        }
        return code;
    }
}
