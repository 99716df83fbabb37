package io.flashsale.promotion;

import java.time.Instant;
import java.util.Optional;

import io.flashsale.shared.PromotionVariantId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The promotion module's API for other modules: what they may ask about a promotion variant. */
@Service
public class PromotionCatalog {

    private final PromotionVariants variants;

    PromotionCatalog(PromotionVariants variants) {
        this.variants = variants;
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

    /** A promotion variant's window, for modules that act on its start (the waiting room's draw). */
    @Transactional(readOnly = true)
    public Optional<Window> window(PromotionVariantId id) {
        return variants.findById(id.value()).map(variant -> new Window(variant.startsAt(), variant.endsAt()));
    }

    /** When a promotion variant's sale starts and ends. */
    public record Window(Instant startsAt, Instant endsAt) {
    }
}
