package io.flashsale.promotion;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Brings the live state in Redis up to the database: right after each committed change, and periodically for every
 * sale not yet over, which repairs a write that failed and a live state Redis lost. The version check in the script
 * makes the periodic pass a no-op for sales already up to date.
 */
@Component
class LiveSaleWriter {

    private static final Logger log = LoggerFactory.getLogger(LiveSaleWriter.class);

    private final LiveSales live;
    private final PromotionVariants variants;
    private final PromotionSettings settings;
    private final Clock clock;

    LiveSaleWriter(LiveSales live, PromotionVariants variants, PromotionSettings settings, Clock clock) {
        this.live = live;
        this.variants = variants;
        this.settings = settings;
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(PromotionVariantSaved saved) {
        try {
            live.write(saved.state());
        } catch (DataAccessException e) {
            log.error("Sale {} is saved but its live state could not be written; the periodic pass will retry: {}",
                    saved.state().id(), e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${flashsale.promotion.reconcile-interval:PT10S}")
    @Transactional(readOnly = true)
    void reconcile() {
        try {
            variants.findByEndsAtAfter(clock.instant().minus(settings.liveStateRetention()))
                    .forEach(v -> live.write(SaleState.of(v)));
        } catch (DataAccessException e) {
            log.warn("Could not reconcile live sale state: {}", e.getMessage());
        }
    }
}
