package io.flashsale.promotion;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.flashsale.shared.PromotionVariantId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The promotion module's API for other modules: what they may ask about a promotion and its variants. */
@Service
public class PromotionCatalog {

    private final PromotionVariants variants;
    private final PromotionRepository promotions;

    PromotionCatalog(PromotionVariants variants, PromotionRepository promotions) {
        this.variants = variants;
        this.promotions = promotions;
    }

    @Transactional(readOnly = true)
    public boolean exists(PromotionVariantId id) {
        return variants.existsById(id.value());
    }

    /**
     * Whether buyers see this promotion variant: {@code GET /api/promotion-variants/{id}} answers it (it exists and is
     * enabled; an ended one stays readable).
     */
    @Transactional(readOnly = true)
    public boolean isShown(PromotionVariantId id) {
        return variants.findById(id.value()).filter(PromotionVariant::enabled).isPresent();
    }

    /** A promotion's variants in id order; empty when there is no such promotion. */
    @Transactional(readOnly = true)
    public Optional<List<PromotionVariantId>> variantsOf(long promotionId) {
        if (!promotions.existsById(promotionId)) {
            return Optional.empty();
        }
        return Optional.of(variants.findByPromotionIdInOrderByIdAsc(List.of(promotionId)).stream()
                .map(PromotionVariant::id).toList());
    }

    /** The currency (ISO 4217) of each of these promotion variants' prices: their promotion's. */
    @Transactional(readOnly = true)
    public Map<PromotionVariantId, String> currencies(Collection<PromotionVariantId> ids) {
        List<PromotionVariant> found = variants.findAllById(ids.stream().map(PromotionVariantId::value).toList());
        Map<Long, String> byPromotion = promotions.findAllById(found.stream().map(PromotionVariant::promotionId)
                        .distinct().toList()).stream()
                .collect(Collectors.toMap(Promotion::id, Promotion::currency));
        return found.stream().collect(Collectors.toMap(PromotionVariant::id,
                v -> byPromotion.get(v.promotionId()), (a, b) -> a));
    }

    /** The currency of one promotion variant's prices, if it exists. */
    @Transactional(readOnly = true)
    public Optional<String> currencyOf(PromotionVariantId id) {
        return Optional.ofNullable(currencies(List.of(id)).get(id));
    }

    /** A promotion variant's window, for modules that act on its start (the waiting room's draw). */
    @Transactional(readOnly = true)
    public Optional<Window> window(PromotionVariantId id) {
        return variants.findById(id.value()).map(variant -> new Window(variant.startsAt(), variant.endsAt()));
    }

    /** When a promotion variant's sale starts and ends. */
    public record Window(Instant startsAt, Instant endsAt) {
    }
}
