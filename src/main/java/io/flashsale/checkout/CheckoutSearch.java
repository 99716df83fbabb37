package io.flashsale.checkout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import jakarta.persistence.criteria.Predicate;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.data.jpa.domain.Specification;

/**
 * What operators look for among the written checkouts, from query parameters; each one given narrows the search.
 * The same filters (but the buyer's) narrow an export.
 *
 * @param userId the buyer's user id
 * @param email the buyer's e-mail address (an account of the local issuer), in any letter case
 * @param checkoutId one checkout
 * @param promotionVariantId one promotion variant's checkouts
 * @param promotionId one promotion's checkouts, all its variants'
 * @param status any of these statuses (repeat the parameter, or separate with commas)
 * @param from created at or after
 * @param to created before
 */
record CheckoutSearch(
        @Positive Long userId,
        @Email @Size(max = 254) String email,
        CheckoutId checkoutId,
        PromotionVariantId promotionVariantId,
        @Positive Long promotionId,
        List<CheckoutStatus> status,
        Instant from,
        Instant to) {

    /** The search among these buyers' and these promotion variants' checkouts ({@code null}: any). */
    Specification<Checkout> where(Collection<UserId> buyers, Collection<PromotionVariantId> variants) {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (buyers != null) {
                where.add(buyers.isEmpty() ? cb.disjunction() : root.get("userId").in(buyers));
            }
            if (variants != null) {
                where.add(variants.isEmpty() ? cb.disjunction() : root.get("promotionVariantId").in(variants));
            }
            if (checkoutId != null) {
                where.add(cb.equal(root.get("checkoutId"), checkoutId));
            }
            if (status != null && !status.isEmpty()) {
                where.add(root.get("status").in(status));
            }
            if (from != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), from));
            }
            if (to != null) {
                where.add(cb.lessThan(root.get("createdAt"), to));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }
}
