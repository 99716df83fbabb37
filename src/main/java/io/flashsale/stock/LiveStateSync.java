package io.flashsale.stock;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Brings each live state up to the database's terms: right after an operator's change commits, and periodically
 * for every promotion variant not long over, which repairs an update that failed. The version check in
 * {@code sync.lua} makes the periodic pass a no-op for live states already up to date. A live state Redis lost is
 * not recreated here, but by {@link LiveStateRebuild}, once its counts are complete.
 */
@Component
class LiveStateSync {

    private static final Logger log = LoggerFactory.getLogger(LiveStateSync.class);

    private final LiveStock stock;
    private final StockRecord record;
    private final CurrentVariants current;
    private final StockSettings settings;
    private final Clock clock;

    LiveStateSync(LiveStock stock, StockRecord record, CurrentVariants current, StockSettings settings,
            Clock clock) {
        this.stock = stock;
        this.record = record;
        this.current = current;
        this.settings = settings;
        this.clock = clock;
    }

    @TransactionalEventListener
    void on(StockTermsChanged changed) {
        current.add(changed.terms().id());
        try {
            stock.write(changed.terms(), changed.created() ? LiveStock.Create.WHEN_MISSING : LiveStock.Create.NEVER,
                    false, Map.of(), List.of());
        } catch (DataAccessException e) {
            log.error("Promotion variant {} is saved but its live state could not be written; the periodic sync "
                    + "(for a change) or the rebuild (for a new one) will: {}", changed.terms().id(), e.getMessage());
        }
    }

    /** The periodic pass over every promotion variant not long over. */
    void syncAll() {
        try {
            List<StockTerms> terms = record.endingAfter(clock.instant().minus(settings.liveStateRetention()));
            current.replaceWith(terms.stream().map(StockTerms::id).toList());
            terms.forEach(t -> {
                try {
                    stock.write(t, LiveStock.Create.NEVER, true, Map.of(), List.of());
                } catch (DataAccessException e) { // one live state Redis can't take holds up no other
                    log.warn("Could not sync the live state of promotion variant {}: {}", t.id(), e.getMessage());
                }
            });
        } catch (DataAccessException e) {
            log.warn("Could not sync the live states: {}", e.getMessage());
        }
    }
}
