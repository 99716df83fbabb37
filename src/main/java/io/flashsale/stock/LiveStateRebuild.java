package io.flashsale.stock;

import io.flashsale.shared.PromotionVariantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a promotion variant's live state after Redis lost it. Meanwhile admission is paused (snap-ups answer
 * 503), and the rebuild waits until every admitted checkout is written, so that the database's reserved and sold,
 * and each buyer's and each address's units, are complete; buyers' cool-downs are not rebuilt. Oversell stays
 * impossible throughout: the database guard is the record.
 */
@Component
class LiveStateRebuild {

    private static final Logger log = LoggerFactory.getLogger(LiveStateRebuild.class);

    private final LiveStock stock;
    private final CurrentVariants current;
    private final StockRecord stockRecord;
    private final HoldRecord holdRecord;

    LiveStateRebuild(LiveStock stock, CurrentVariants current, StockRecord stockRecord, HoldRecord holdRecord) {
        this.stock = stock;
        this.current = current;
        this.stockRecord = stockRecord;
        this.holdRecord = holdRecord;
    }

    /** Returns how many live states it rebuilt. */
    synchronized int rebuildLost() {
        int rebuilt = 0;
        try {
            for (PromotionVariantId id : current.all()) {
                if (stock.exists(id)) {
                    continue;
                }
                if (!holdRecord.allWritten()) {
                    log.info("Promotion variant {} lost its live state; paused until the order queue drains", id);
                    return rebuilt;
                }
                var bought = holdRecord.unitsByBuyer(id);
                var unpaid = holdRecord.unpaidByAddress(id);
                if (stockRecord.terms(id).map(terms -> stock.write(terms, true, true, bought, unpaid)).orElse(false)) {
                    log.warn("Rebuilt the live state of promotion variant {} from the database", id);
                    rebuilt++;
                }
            }
        } catch (RuntimeException e) {
            log.warn("The live-state rebuild could not run: {}", e.toString());
        }
        return rebuilt;
    }
}
