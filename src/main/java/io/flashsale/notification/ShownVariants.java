package io.flashsale.notification;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.PromotionVariantId;
import org.springframework.stereotype.Component;

/**
 * Whether buyers see a promotion variant, as the promotion module says, remembered for {@code shownCacheTime}: a
 * storm of SUBSCRIBEs and the stock ticker's every tick ask the database at most once a variant in that time.
 */
@Component
class ShownVariants {

    private static final int REMEMBERED = 10_000;

    private final LoadingCache<PromotionVariantId, Boolean> shown;

    ShownVariants(PromotionCatalog catalog, NotificationSettings settings) {
        this.shown = Caffeine.newBuilder().expireAfterWrite(settings.shownCacheTime()).maximumSize(REMEMBERED)
                .build(catalog::isShown);
    }

    boolean isShown(PromotionVariantId id) {
        return shown.get(id);
    }
}
