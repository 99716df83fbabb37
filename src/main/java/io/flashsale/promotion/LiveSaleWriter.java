package io.flashsale.promotion;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Brings the live state in Redis up to the database: right after each committed change, and periodically for every
 * sale not yet over, which repairs an update that failed. The version check in the script makes the periodic pass
 * a no-op for sales already up to date. A live state Redis lost is not recreated here: see
 * {@link PromotionCatalog#restoreLiveState}.
 */
@Component
class LiveSaleWriter {

    private static final Logger log = LoggerFactory.getLogger(LiveSaleWriter.class);

    private final LiveSales live;
    private final PromotionVariants variants;
    private final PromotionSettings settings;
    private final PromotionCatalog catalog;
    private final Clock clock;

    LiveSaleWriter(LiveSales live, PromotionVariants variants, PromotionSettings settings, PromotionCatalog catalog,
            Clock clock) {
        this.live = live;
        this.variants = variants;
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(PromotionVariantSaved saved) {
        catalog.remember(saved.state().id());
        try {
            if (saved.created()) {
                live.create(saved.state(), Map.of());
            } else {
                live.update(saved.state());
            }
        } catch (DataAccessException e) {
            log.error("Sale {} is saved but its live state could not be written; the periodic pass (for an update) "
                    + "or the recovery (for a new sale) will: {}", saved.state().id(), e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${flashsale.promotion.reconcile-interval:PT10S}")
    @Transactional(readOnly = true)
    void reconcile() {
        try {
            List<PromotionVariant> current = variants.findByEndsAtAfter(
                    clock.instant().minus(settings.liveStateRetention()));
            catalog.rememberOnly(current.stream().map(PromotionVariant::id).toList());
            current.forEach(v -> live.update(SaleState.of(v)));
        } catch (DataAccessException e) {
            log.warn("Could not reconcile live sale state: {}", e.getMessage());
        }
    }
}
