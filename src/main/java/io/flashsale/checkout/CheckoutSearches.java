package io.flashsale.checkout;

import java.util.List;
import java.util.Map;

import io.flashsale.identity.Accounts;
import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators finding written checkouts: a buyer's (by user id or e-mail), one by id, a promotion's or a promotion
 * variant's, by status and time. The search's buyer and promotion filters become id lists here, so the query itself
 * stays within the checkout table.
 */
@Service
class CheckoutSearches {

    private final Checkouts checkouts;
    private final Accounts accounts;
    private final PromotionCatalog catalog;

    CheckoutSearches(Checkouts checkouts, Accounts accounts, PromotionCatalog catalog) {
        this.checkouts = checkouts;
        this.accounts = accounts;
        this.catalog = catalog;
    }

    @Transactional(readOnly = true)
    Page<AdminCheckoutView> find(CheckoutSearch search, Pageable page) {
        Page<Checkout> found = checkouts.findAll(where(search), page);
        Map<UserId, String> emails = accounts.emailsOf(found.stream().map(Checkout::userId).distinct().toList());
        Map<PromotionVariantId, String> currencies = catalog.currencies(
                found.stream().map(Checkout::promotionVariantId).distinct().toList());
        return found.map(c -> AdminCheckoutView.of(c, emails.get(c.userId()), currencies.get(c.promotionVariantId())));
    }

    /** The search as a query of the checkout table; an unknown promotion is {@code 404 NOT_FOUND}. */
    Specification<Checkout> where(CheckoutSearch search) {
        List<UserId> buyers = null;
        if (search.userId() != null) {
            buyers = List.of(UserId.of(search.userId()));
        }
        if (search.email() != null) {
            List<UserId> byEmail = accounts.idOf(search.email()).map(List::of).orElse(List.of());
            buyers = buyers == null ? byEmail : buyers.stream().filter(byEmail::contains).toList();
        }
        List<PromotionVariantId> variants = null;
        if (search.promotionId() != null) {
            variants = catalog.variantsOf(search.promotionId())
                    .orElseThrow(() -> DomainException.notFound("Promotion"));
        }
        if (search.promotionVariantId() != null) {
            List<PromotionVariantId> one = List.of(search.promotionVariantId());
            variants = variants == null ? one : variants.stream().filter(one::contains).toList();
        }
        return search.where(buyers, variants);
    }
}
