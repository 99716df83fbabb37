package io.flashsale.stock;

import java.util.List;

import io.flashsale.shared.PromotionVariantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a promotion variant's live state after Redis lost it. Meanwhile admission is paused (snap-ups answer
 * 503), and the rebuild waits until every admitted checkout is written, so that the database's reserved and sold,
 * and each buyer's and each address's units, are complete; buyers' cool-downs are not rebuilt. It reads and writes
 * with the record at rest (no change can commit in between, no follow-up of one is outstanding), so an expiry
 * committing meanwhile is counted exactly once. A promotion variant of several buckets that lost one pauses them all
 * and has them all rebuilt, from the record, in one pass. Oversell stays
 * impossible throughout: the database guard is the record.
 */
@Component
class LiveStateRebuild {

    private static final Logger log = LoggerFactory.getLogger(LiveStateRebuild.class);

    private final LiveStock stock;
    private final CurrentVariants current;
    private final HoldRecord holdRecord;
    private final StockRecord stockRecord;

    LiveStateRebuild(LiveStock stock, CurrentVariants current, HoldRecord holdRecord, StockRecord stockRecord) {
        this.stock = stock;
        this.current = current;
        this.holdRecord = holdRecord;
        this.stockRecord = stockRecord;
    }

    /** Returns how many live states it rebuilt. */
    synchronized int rebuildLost() {
        int rebuilt = 0;
        try {
            List<PromotionVariantId> lost = current.all().stream().filter(id -> !stock.intact(id)).toList();
            for (PromotionVariantId id : lost) {
                int buckets = stockRecord.terms(id).map(StockTerms::buckets).orElse(1);
                if (buckets > 1) {
                    // one bucket lost: the others stop admitting too, so the queue can drain and every bucket
                    // be rebuilt afresh from the complete record (a lost share is known only from the whole)
                    stock.pause(id, buckets);
                }
            }
            if (!lost.isEmpty() && !holdRecord.allWritten()) {
                log.info("Promotion variants {} lost their live state; paused until the order queue drains", lost);
                return rebuilt;
            }
            for (PromotionVariantId id : lost) {
                // at rest: an expiry or a cancel can't commit between the read and the write, and none committed
                // before still has its give-back on the way (it would find no live state, and count nowhere)
                boolean[] written = {false};
                if (!holdRecord.atRest(id, recorded -> written[0] = stock.write(recorded.terms(),
                        recorded.terms().buckets() == 1 ? LiveStock.Create.WHEN_MISSING : LiveStock.Create.AFRESH,
                        true, recorded.bought(), recorded.unpaid()))) {
                    log.info("Promotion variant {} lost its live state; paused until its follow-ups are done", id);
                } else if (written[0]) {
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
