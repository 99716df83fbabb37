package io.flashsale.checkout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.Lists;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Schedules checkouts' expiries: a message carrying a deadline and the checkouts whose holds end then (a written
 * batch's share one: their holds start at the same whole second) into the hold queue of the longest tier that does
 * not pass the deadline (the tiers are powers of two seconds), dead-lettered to {@code checkout.expiry} when its
 * TTL runs out. There a message not yet due is sent on to the next tier, so it arrives within a second after its
 * deadline (deadlines are whole seconds) after at most one hop per tier. Every queue keeps one delay, so it stays
 * in expiry order (RabbitMQ expires only from a queue's head), and the broker holds a fixed set of queues whatever
 * hold times operators choose. Delivery is at least once; the expiry's compare-and-set makes a repeat harmless,
 * and the sweep catches a message that never arrives.
 */
@Component
class ExpiryTimer {

    private final RabbitTemplate rabbit;
    private final Clock clock;
    private final int perMessage;

    ExpiryTimer(RabbitTemplate rabbit, Clock clock, CheckoutSettings settings) {
        this.rabbit = rabbit;
        this.clock = clock;
        this.perMessage = settings.batchSize();
    }

    void schedule(CheckoutId checkoutId, Instant deadline) {
        scheduleAll(Map.of(checkoutId, deadline));
    }

    /**
     * Schedules many expiries on one channel (a written batch's): one message per deadline, of at most a batch's
     * worth of checkouts, so that one message is at most one expiry transaction.
     */
    void scheduleAll(Map<CheckoutId, Instant> deadlines) {
        if (deadlines.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<Instant, List<CheckoutId>> byDeadline = new TreeMap<>();
        deadlines.forEach((checkoutId, deadline) -> byDeadline.computeIfAbsent(deadline, d -> new ArrayList<>())
                .add(checkoutId));
        rabbit.invoke(channel -> {
            byDeadline.forEach((deadline, checkoutIds) -> {
                String queue = Messaging.holdQueue(tier(now, deadline)).getName();
                Lists.partition(checkoutIds, perMessage).forEach(part -> channel.convertAndSend("", queue,
                        new HoldsEnded(part, deadline), message -> {
                            message.getMessageProperties().setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                            return message;
                        }));
            });
            return null;
        });
    }

    /** The longest tier that is not longer than the wait (whole seconds, rounded up; at least the shortest tier). */
    static Duration tier(Instant now, Instant deadline) {
        long seconds = Math.max(1, (Duration.between(now, deadline).toMillis() + 999) / 1000);
        Duration tier = Messaging.HOLD_TIERS.getFirst();
        for (Duration candidate : Messaging.HOLD_TIERS) {
            if (candidate.toSeconds() <= seconds) {
                tier = candidate;
            }
        }
        return tier;
    }

    /** A checkout whose hold (or payment deadline) ends at {@code deadline}: a follow-up's expiry to schedule. */
    record HoldEnded(CheckoutId checkoutId, Instant deadline) {
    }

    /**
     * The expiry message: the checkouts whose holds (or payment deadlines) end at {@code deadline}. A message of an
     * earlier version names one checkout ({@code checkoutId}); one older still carries no deadline: it is due on
     * arrival.
     */
    record HoldsEnded(List<CheckoutId> checkoutIds, Instant deadline) {

        HoldsEnded {
            checkoutIds = List.copyOf(checkoutIds);
        }

        @JsonCreator
        static HoldsEnded read(@JsonProperty("checkoutIds") List<CheckoutId> checkoutIds,
                @JsonProperty("checkoutId") CheckoutId checkoutId, @JsonProperty("deadline") Instant deadline) {
            List<CheckoutId> all = new ArrayList<>();
            if (checkoutIds != null) {
                checkoutIds.stream().filter(Objects::nonNull).forEach(all::add);
            }
            if (checkoutId != null) {
                all.add(checkoutId);
            }
            return new HoldsEnded(all, deadline);
        }

        boolean dueAt(Instant now) {
            return deadline == null || !deadline.isAfter(now);
        }
    }
}
