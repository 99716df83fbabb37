package io.flashsale.stock;

import io.flashsale.shared.PromotionVariantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds and repairs drift between each current promotion variant's live state and the record, while the sale runs:
 * whatever a process death, a lost reply or a hand in Redis left behind, {@code available} converges to
 * {@code stock − reserved − sold − units of the holds not yet written}, and each buyer's count to the units of their
 * live checkouts and their holds not yet written. It compares only with the record at rest (the promotion
 * variant's row locked, no follow-up of it outstanding) and repairs in one script, so an admission, a claim or a
 * write running beside it is counted exactly once (see docs/decisions.md). The drift found and repaired is counted
 * in {@code flashsale.stock.drift.found} and {@code flashsale.stock.drift.repaired} (tag {@code kind}: units of
 * {@code available}, or {@code buyers}).
 */
@Component
class DriftReconciler {

    private static final Logger log = LoggerFactory.getLogger(DriftReconciler.class);

    private final LiveStock stock;
    private final CurrentVariants current;
    private final HoldRecord record;
    private final StockSettings settings;
    private final Counter unitsFound;
    private final Counter buyersFound;
    private final Counter unitsRepaired;
    private final Counter buyersRepaired;

    DriftReconciler(LiveStock stock, CurrentVariants current, HoldRecord record, StockSettings settings,
            MeterRegistry meters) {
        this.stock = stock;
        this.current = current;
        this.record = record;
        this.settings = settings;
        this.unitsFound = meters.counter("flashsale.stock.drift.found", "kind", "available");
        this.buyersFound = meters.counter("flashsale.stock.drift.found", "kind", "buyers");
        this.unitsRepaired = meters.counter("flashsale.stock.drift.repaired", "kind", "available");
        this.buyersRepaired = meters.counter("flashsale.stock.drift.repaired", "kind", "buyers");
    }

    /** Returns how many promotion variants had drifted. */
    int reconcileAll() {
        int drifted = 0;
        for (PromotionVariantId id : current.all()) {
            try {
                if (reconcile(id)) {
                    drifted++;
                }
            } catch (RuntimeException e) { // one promotion variant that can't be compared holds up no other
                log.warn("Could not reconcile the live state of promotion variant {}: {}", id, e.toString());
            }
        }
        return drifted;
    }

    private boolean reconcile(PromotionVariantId id) {
        boolean repair = settings.reconcileRepair();
        LiveStock.Drift[] found = {null};
        record.atRest(id, recorded -> stock.reconcile(recorded, repair).ifPresent(drift -> found[0] = drift));
        LiveStock.Drift drift = found[0];
        if (drift == null || !drift.any()) {
            return false;
        }
        unitsFound.increment(Math.abs(drift.available()));
        buyersFound.increment(drift.buyers());
        if (repair) {
            unitsRepaired.increment(Math.abs(drift.available()));
            buyersRepaired.increment(drift.buyers());
        }
        log.warn("Promotion variant {} had drifted from the record: available off by {}, {} buyers' counts off{}", id,
                drift.available(), drift.buyers(), repair ? "; repaired" : "");
        return true;
    }
}
