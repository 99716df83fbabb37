package io.flashsale.checkout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.common.collect.Lists;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Expires checkouts when their hold runs out: on the delayed messages from {@code checkout.expiry}, each naming the
 * checkouts of one deadline, in transactions of at most a batch (one script call per promotion variant, one
 * fan-out per transaction), and by a periodic sweep of the database as the safety net for a message that was lost.
 * So a crowd of holds ending in the same second is back on sale within seconds.
 */
@Component
class CheckoutExpiry {

    private static final Logger log = LoggerFactory.getLogger(CheckoutExpiry.class);

    private final CheckoutLifecycle checkouts;
    private final ExpiryTimer expiryTimer;
    private final CheckoutSettings settings;
    private final Clock clock;
    private final JsonMapper json;
    private final Timer timer;

    CheckoutExpiry(CheckoutLifecycle checkouts, ExpiryTimer expiryTimer, CheckoutSettings settings, Clock clock,
            JsonMapper json, MeterRegistry meters) {
        this.timer = Timer.builder("flashsale.checkouts.expiry")
                .description("One batch of ended holds: the due ones expired, the others sent on")
                .publishPercentileHistogram().register(meters);
        this.checkouts = checkouts;
        this.expiryTimer = expiryTimer;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Expires the checkouts that are due; those not yet due go on to their next hop, and those still open with a
     * later deadline (confirmed meanwhile, or this instance's clock is behind the one that set the deadline) are
     * scheduled again for it. The bodies are read here, whatever type their headers name, so that an earlier
     * version's message (one checkout) is read as a list of one; one that can't be read is dropped (the
     * sweep expires what it named).
     */
    @RabbitListener(queues = Messaging.EXPIRY, containerFactory = "expiryBatchListenerFactory")
    void onHoldsEnded(List<Message> messages) {
        List<ExpiryTimer.HoldsEnded> ended = new ArrayList<>();
        for (Message message : messages) {
            try {
                ended.add(json.readValue(message.getBody(), ExpiryTimer.HoldsEnded.class));
            } catch (RuntimeException unreadable) {
                log.error("Unreadable expiry message dropped (the sweep expires its checkouts): {}",
                        unreadable.toString());
            }
        }
        timer.record(() -> expireEnded(ended));
    }

    private void expireEnded(List<ExpiryTimer.HoldsEnded> ended) {
        Instant now = clock.instant();
        Map<CheckoutId, Instant> notYet = new HashMap<>();
        List<CheckoutId> due = new ArrayList<>();
        for (ExpiryTimer.HoldsEnded holds : ended) {
            if (holds.dueAt(now)) {
                due.addAll(holds.checkoutIds());
            } else {
                holds.checkoutIds().forEach(checkoutId -> notYet.put(checkoutId, holds.deadline()));
            }
        }
        for (List<CheckoutId> batch : Lists.partition(due, settings.batchSize())) {
            notYet.putAll(expire(batch).later());
        }
        expiryTimer.scheduleAll(notYet);
    }

    /**
     * Expires the overdue checkouts a batch at a time, going on while a whole batch expired (so a backlog of lost
     * messages is cleared in one pass, and one that can't be expired ends it); returns how many it expired.
     */
    int sweep() {
        int expired = 0;
        int last;
        do {
            last = expire(checkouts.overdue(settings.sweepBatch())).expired();
            expired += last;
        } while (last == settings.sweepBatch());
        return expired;
    }

    /**
     * Expires the batch in one go; if that fails for another reason than an unreachable server, one by one, so
     * one checkout that can't be expired (its promotion variant's record disagrees) holds up no other.
     */
    private CheckoutLifecycle.Expiry expire(List<CheckoutId> due) {
        try {
            return checkouts.expireAll(due);
        } catch (TransientDataAccessException | CannotCreateTransactionException unreachable) {
            throw unreachable; // the batch comes back and is tried again
        } catch (RuntimeException batchFailed) {
            log.warn("Expiry of {} checkouts failed ({}); expiring them one by one", due.size(),
                    batchFailed.toString());
            int expired = 0;
            Map<CheckoutId, Instant> later = new HashMap<>();
            for (CheckoutId checkoutId : due) {
                try {
                    CheckoutLifecycle.Expiry one = checkouts.expireAll(List.of(checkoutId));
                    expired += one.expired();
                    later.putAll(one.later());
                } catch (RuntimeException failed) {
                    log.error("Checkout {} could not be expired; the sweep will try again: {}", checkoutId,
                            failed.toString());
                }
            }
            return new CheckoutLifecycle.Expiry(expired, later);
        }
    }
}
