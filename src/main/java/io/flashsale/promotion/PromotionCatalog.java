package io.flashsale.promotion;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The promotion module's API for other modules: what they may ask about a sale and its live state. */
@Service
public class PromotionCatalog {

    private final PromotionVariants variants;
    private final LiveSales live;
    private final PromotionSettings settings;
    /** Sales not long over, known without a database query: kept by the periodic pass and by new sales. */
    private final Set<Long> current = ConcurrentHashMap.newKeySet();

    PromotionCatalog(PromotionVariants variants, LiveSales live, PromotionSettings settings) {
        this.variants = variants;
        this.live = live;
        this.settings = settings;
    }

    @Transactional(readOnly = true)
    public boolean exists(long promotionVariantId) {
        return variants.existsById(promotionVariantId);
    }

    /** Whether this instance knows the sale as current (not long over), without asking the database. */
    public boolean isCurrent(long promotionVariantId) {
        return current.contains(promotionVariantId);
    }

    public Set<Long> currentSaleIds() {
        return Set.copyOf(current);
    }

    /** The Redis channel on which the live-state scripts announce {@code out:ID} and {@code in:ID}. */
    public String stockChannel() {
        return settings.stockChannel();
    }

    public boolean hasLiveState(long promotionVariantId) {
        return live.exists(promotionVariantId);
    }

    /** What shoppers may still buy, per sale, read from Redis alone; sales without a live state are left out. */
    public Map<Long, Long> liveAvailable(Collection<Long> promotionVariantIds) {
        return live.liveAvailable(promotionVariantIds);
    }

    /**
     * Recreates a sale's lost live state from the database. Call it only once nothing the sale admitted is still
     * queued, so that reserved and sold, and the quantities each user bought, are complete.
     *
     * @param bought the quantity each user holds or bought in this sale, by the orders in the database
     */
    @Transactional(readOnly = true)
    public boolean restoreLiveState(long promotionVariantId, Map<Long, Integer> bought) {
        return variants.findById(promotionVariantId)
                .map(v -> live.create(SaleState.of(v), bought))
                .orElse(false);
    }

    void remember(long promotionVariantId) {
        current.add(promotionVariantId);
    }

    void rememberOnly(List<Long> promotionVariantIds) {
        current.retainAll(promotionVariantIds);
        current.addAll(promotionVariantIds);
    }
}
