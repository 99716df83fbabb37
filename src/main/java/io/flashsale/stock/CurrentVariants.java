package io.flashsale.stock;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.shared.PromotionVariantId;
import org.springframework.stereotype.Component;

/**
 * The promotion variants not long over, known without asking the database: kept by the periodic sync and by each
 * operator's change. A live state missing for one of them is being rebuilt; for any other, there is no such promotion variant.
 */
@Component
class CurrentVariants {

    private final Set<PromotionVariantId> current = ConcurrentHashMap.newKeySet();

    boolean contains(PromotionVariantId id) {
        return current.contains(id);
    }

    Set<PromotionVariantId> all() {
        return Set.copyOf(current);
    }

    void add(PromotionVariantId id) {
        current.add(id);
    }

    void replaceWith(Collection<PromotionVariantId> ids) {
        current.retainAll(ids);
        current.addAll(ids);
    }
}
