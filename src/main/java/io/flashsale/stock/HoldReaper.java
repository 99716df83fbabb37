package io.flashsale.stock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.flashsale.shared.PromotionVariantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reaps the holds nothing will ever write: an instance that dies between admitting a checkout and the broker's
 * confirm leaves a hold with no message behind it, and its units and its buyer's count would stay taken until the
 * live state expires, a day after the sale. A queued checkout is taken for such an orphan when it was admitted
 * {@code reapAfterDrained} ago (longer than a publish waits for its confirm) and every admitted checkout of the
 * cluster is written ({@link HoldRecord#allWritten()}: the order queue drained, every worker idle, so no message of
 * it exists anywhere); or, while the queue never drains, when its deadline passed {@code reapAfter} ago — far longer
 * than any backlog. It is given back (unless the worker has claimed it meanwhile), marked undone so a late copy of
 * its message creates nothing, and recorded EXPIRED, so its buyer hears of it and {@code GET /api/checkouts/{id}}
 * still answers. One whose dead letter waits for an operator is not taken for an orphan early (its message exists:
 * the operator decides), only by the deadline rule, as before. It also completes the moves of stock between the
 * buckets of a promotion variant that a process death left half done.
 */
@Component
class HoldReaper {

    private static final Logger log = LoggerFactory.getLogger(HoldReaper.class);
    /** A move between buckets this old has lost the refill that gave it (one takes milliseconds). */
    private static final Duration MOVE_GRACE = Duration.ofSeconds(5);

    private final LiveStock stock;
    private final CurrentVariants current;
    private final HoldRecord record;
    private final StockSettings settings;
    private final Clock clock;

    HoldReaper(LiveStock stock, CurrentVariants current, HoldRecord record, StockSettings settings, Clock clock) {
        this.stock = stock;
        this.current = current;
        this.record = record;
        this.settings = settings;
        this.clock = clock;
    }

    /** Returns how many holds it reaped. */
    int reapAll() {
        Instant now = clock.instant();
        Instant deadlineBefore = now.minus(settings.reapAfter());
        Instant admittedBefore = now.minus(settings.reapAfterDrained());
        Boolean drained = null; // asked at most once a round, and only when a hold is old enough to need it
        int reaped = 0;
        for (PromotionVariantId id : current.all()) {
            try {
                int moves = stock.completeMoves(id, now.minus(MOVE_GRACE));
                if (moves > 0) {
                    log.warn("Completed {} moves of stock between the buckets of promotion variant {} that a process "
                            + "left half done", moves, id);
                }
            } catch (RuntimeException e) { // the holds are reaped all the same
                log.warn("Could not complete the moves of promotion variant {}: {}", id, e.toString());
            }
            try {
                for (QueuedCheckout queued : stock.queuedOf(id)) {
                    boolean orphan = queued.expiresAt().isBefore(deadlineBefore);
                    if (!orphan && admittedAt(queued).isBefore(admittedBefore)) {
                        if (drained == null) {
                            drained = record.allWritten();
                        }
                        // the database is asked of a dead letter only for a hold the drained queue would reap
                        orphan = drained && !record.awaitsOperator(queued.checkoutId());
                    }
                    if (orphan && stock.reap(queued)) {
                        log.warn("Reaped checkout {} of promotion variant {}: admitted, never written",
                                queued.checkoutId(), id);
                        record.reaped(queued);
                        reaped++;
                    }
                }
            } catch (RuntimeException e) { // one promotion variant that can't be read holds up no other
                log.warn("Could not reap the holds of promotion variant {}: {}", id, e.toString());
            }
        }
        return reaped;
    }

    /** When the checkout was admitted: its deadline is the admission's whole second, rounded up, plus its hold. */
    private static Instant admittedAt(QueuedCheckout queued) {
        return queued.expiresAt().minusSeconds(queued.holdSeconds());
    }
}
