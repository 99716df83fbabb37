package io.flashsale.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.flashsale.shared.DomainException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.jpa.domain.Specification;

/**
 * The filters of the promotion and promotion-variant lists, from query parameters; each one given narrows the list.
 *
 * @param status {@code upcoming}, {@code live} or {@code ended} (by the window, now; for promotion variants only the
 *     enabled ones), or {@code disabled} (promotion variants only)
 * @param name a part of the name, in any letter case
 * @param from with {@code to}: the window overlaps {@code [from, to)} (either may be given alone)
 */
record SaleFilter(
        @Pattern(regexp = "upcoming|live|ended|disabled", message = "must be upcoming, live, ended or disabled")
        String status,
        @Size(max = 200) String name,
        Instant from,
        Instant to) {

    static final SaleFilter NONE = new SaleFilter(null, null, null, null);

    Specification<Promotion> promotions(Instant now) {
        if ("disabled".equals(status)) {
            throw DomainException.invalid("status", "must be upcoming, live or ended");
        }
        return (root, query, cb) -> cb.and(window(root, cb, now).toArray(Predicate[]::new));
    }

    Specification<PromotionVariant> variants(Instant now) {
        return (root, query, cb) -> {
            List<Predicate> where = window(root, cb, now);
            if (status != null) {
                where.add("disabled".equals(status) ? cb.isFalse(root.get("enabled")) : cb.isTrue(root.get("enabled")));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    private List<Predicate> window(Root<?> root, CriteriaBuilder cb, Instant now) {
        List<Predicate> where = new ArrayList<>();
        Path<Instant> startsAt = root.get("startsAt");
        Path<Instant> endsAt = root.get("endsAt");
        if ("upcoming".equals(status)) {
            where.add(cb.greaterThan(startsAt, now));
        } else if ("live".equals(status)) {
            where.add(cb.lessThanOrEqualTo(startsAt, now));
            where.add(cb.greaterThan(endsAt, now));
        } else if ("ended".equals(status)) {
            where.add(cb.lessThanOrEqualTo(endsAt, now));
        }
        if (name != null && !name.isBlank()) {
            where.add(cb.like(cb.lower(root.get("name")), "%" + escaped(name.strip().toLowerCase()) + "%", '\\'));
        }
        if (from != null) {
            where.add(cb.greaterThan(endsAt, from));
        }
        if (to != null) {
            where.add(cb.lessThan(startsAt, to));
        }
        return where;
    }

    /** A LIKE pattern matches the text literally: its own wildcards are escaped. */
    private static String escaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
