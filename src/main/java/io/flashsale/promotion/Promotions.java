package io.flashsale.promotion;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.LiveStock;
import io.flashsale.stock.StockTermsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators' changes to promotion variants, and the reads of both audiences. Every committed change reaches the
 * live state (the stock module writes it once the transaction commits). Live figures come from Redis; while it has
 * none, or can't be reached, the database's.
 */
@Service
class Promotions {

    private static final Logger log = LoggerFactory.getLogger(Promotions.class);

    private final PromotionVariants variants;
    private final LiveStock stock;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Promotions(PromotionVariants variants, LiveStock stock, ApplicationEventPublisher events, Clock clock) {
        this.variants = variants;
        this.stock = stock;
        this.events = events;
        this.clock = clock;
    }

    /** Returns the new promotion variant's id; its live state is in Redis when this returns. */
    @Transactional
    PromotionVariantId create(PromotionVariantRequest request) {
        return saved(variants.save(PromotionVariant.create(request, clock.instant())), true);
    }

    /** Changes a promotion variant under a row lock, so the stock check sees the current reserved and sold. */
    @Transactional
    PromotionVariantId patch(PromotionVariantId id, PromotionVariantPatch patch) {
        PromotionVariant variant = variants.findForUpdate(id.value()).orElseThrow(Promotions::notFound);
        variant.apply(patch, clock.instant());
        return saved(variant, false);
    }

    @Transactional(readOnly = true)
    List<PromotionVariantViews.Admin> all() {
        return variants.findAllByOrderByIdDesc().stream().map(this::adminView).toList();
    }

    @Transactional(readOnly = true)
    PromotionVariantViews.Admin one(PromotionVariantId id) {
        return adminView(variants.findById(id.value()).orElseThrow(Promotions::notFound));
    }

    /** Promotion variants that are enabled and not yet over: live or upcoming. */
    @Transactional(readOnly = true)
    List<PromotionVariantViews.Public> current() {
        List<PromotionVariant> current = variants.findByEnabledTrueAndEndsAtAfterOrderByStartsAtAscIdAsc(
                clock.instant());
        Map<PromotionVariantId, Long> available = available(current);
        return current.stream().map(v -> PromotionVariantViews.Public.of(v, available.get(v.id()))).toList();
    }

    @Transactional(readOnly = true)
    PromotionVariantViews.Public shown(PromotionVariantId id) {
        PromotionVariant variant = variants.findById(id.value()).filter(PromotionVariant::enabled)
                .orElseThrow(Promotions::notFound);
        return PromotionVariantViews.Public.of(variant, available(List.of(variant)).get(variant.id()));
    }

    private PromotionVariantId saved(PromotionVariant variant, boolean created) {
        variants.flush(); // the version written to Redis must be the one this commit stores
        events.publishEvent(new StockTermsChanged(variant.terms(), created));
        return variant.id();
    }

    private PromotionVariantViews.Admin adminView(PromotionVariant variant) {
        LiveStock.Figures figures;
        try {
            figures = stock.figures(variant.id()).orElseGet(() -> fromDatabase(variant));
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, showing the database's stock for {}: {}", variant.id(), e.getMessage());
            figures = fromDatabase(variant);
        }
        return PromotionVariantViews.Admin.of(variant, figures);
    }

    /** What buyers may still take, per promotion variant: never below zero. */
    private Map<PromotionVariantId, Long> available(List<PromotionVariant> shown) {
        Map<PromotionVariantId, Long> live;
        try {
            live = stock.available(shown.stream().map(PromotionVariant::id).toList());
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, showing the database's stock: {}", e.getMessage());
            live = Map.of();
        }
        Map<PromotionVariantId, Long> result = new HashMap<>(live);
        shown.forEach(v -> result.putIfAbsent(v.id(), Math.max(0, fromDatabase(v).available())));
        return result;
    }

    private static LiveStock.Figures fromDatabase(PromotionVariant variant) {
        return new LiveStock.Figures(variant.stock() - variant.committed(), 0);
    }

    private static DomainException notFound() {
        return DomainException.notFound("Promotion variant");
    }
}
