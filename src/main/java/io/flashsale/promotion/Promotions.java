package io.flashsale.promotion;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.ApiException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operators' changes to sales, and the reads of both audiences. Every committed change reaches Redis. */
@Service
class Promotions {

    private final PromotionVariants variants;
    private final LiveSales live;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Promotions(PromotionVariants variants, LiveSales live, ApplicationEventPublisher events, Clock clock) {
        this.variants = variants;
        this.live = live;
        this.events = events;
        this.clock = clock;
    }

    /** Returns the new sale's id; its live state is in Redis when this returns. */
    @Transactional
    long create(PromotionVariantRequest request) {
        return saved(variants.save(PromotionVariant.create(request, clock.instant())), true);
    }

    /** Changes a sale under a row lock, so the stock check sees the current reserved and sold. */
    @Transactional
    long patch(long id, PromotionVariantPatch patch) {
        PromotionVariant variant = variants.findForUpdate(id).orElseThrow(() -> notFound());
        variant.apply(patch, clock.instant());
        return saved(variant, false);
    }

    @Transactional(readOnly = true)
    List<PromotionVariantViews.Admin> all() {
        return variants.findAllByOrderByIdDesc().stream()
                .map(v -> PromotionVariantViews.Admin.of(v, live.stats(v)))
                .toList();
    }

    @Transactional(readOnly = true)
    PromotionVariantViews.Admin one(long id) {
        PromotionVariant variant = variants.findById(id).orElseThrow(() -> notFound());
        return PromotionVariantViews.Admin.of(variant, live.stats(variant));
    }

    /** Sales that are enabled and not yet over: live or upcoming. */
    @Transactional(readOnly = true)
    List<PromotionVariantViews.Public> current() {
        List<PromotionVariant> current = variants.findByEnabledTrueAndEndsAtAfterOrderByStartsAtAscIdAsc(
                clock.instant());
        Map<Long, Long> available = live.available(current);
        return current.stream().map(v -> PromotionVariantViews.Public.of(v, available.get(v.id()))).toList();
    }

    @Transactional(readOnly = true)
    PromotionVariantViews.Public shown(long id) {
        PromotionVariant variant = variants.findById(id).filter(PromotionVariant::enabled)
                .orElseThrow(() -> notFound());
        return PromotionVariantViews.Public.of(variant, live.available(List.of(variant)).get(variant.id()));
    }

    private long saved(PromotionVariant variant, boolean created) {
        variants.flush(); // the version written to Redis must be the one this commit stores
        events.publishEvent(new PromotionVariantSaved(SaleState.of(variant), created));
        return variant.id();
    }

    private static ApiException notFound() {
        return ApiException.notFound("Promotion variant");
    }
}
