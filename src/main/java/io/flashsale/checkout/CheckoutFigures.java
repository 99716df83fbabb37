package io.flashsale.checkout;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

import io.flashsale.shared.Messaging;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The checkout module's live figures for the operators' dashboard: the order queue's depth, the dead letters
 * waiting for an operator, and the written checkouts whose hold ends soon. Each is one small query, made when the
 * dashboard or a scrape asks (gauges {@code flashsale.checkout.queue.depth}, {@code flashsale.checkout.dead.letters},
 * {@code flashsale.checkout.holds.expiring}).
 */
@Service
public class CheckoutFigures {

    private final JdbcTemplate jdbc;
    private final AmqpAdmin rabbit;
    private final DeadLetterRecord deadLetters;
    private final Clock clock;

    CheckoutFigures(JdbcTemplate jdbc, AmqpAdmin rabbit, DeadLetterRecord deadLetters, Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.rabbit = rabbit;
        this.deadLetters = deadLetters;
        this.clock = clock;
        gauge(meters, "flashsale.checkout.queue.depth", "Order messages ready in checkout.orders", this::queueDepth);
        gauge(meters, "flashsale.checkout.dead.letters", "Dead-lettered checkouts waiting for an operator",
                this::deadLettersPending);
        gauge(meters, "flashsale.checkout.holds.expiring", "Written checkouts, unpaid, whose deadline is within a"
                + " minute", () -> holdsExpiringWithin(Duration.ofMinutes(1)));
    }

    /** A gauge read at each scrape; a server away reads as no value (NaN), not as zero. */
    private static void gauge(MeterRegistry meters, String name, String description, LongSupplier figure) {
        Gauge.builder(name, () -> {
            try {
                return figure.getAsLong();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).register(meters);
    }

    /** Order messages ready in {@code checkout.orders} (not those handed to a worker yet unacknowledged). */
    public long queueDepth() {
        QueueInformation info = rabbit.getQueueInfo(Messaging.ORDERS);
        return info == null ? 0 : info.getMessageCount();
    }

    /** Dead-lettered checkouts waiting for an operator (their units still held). */
    public long deadLettersPending() {
        return deadLetters.pending();
    }

    /** Written checkouts, not yet paid, whose deadline falls within {@code within} from now. */
    public long holdsExpiringWithin(Duration within) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE status IN ('CHECKOUT', 'CONFIRMED')"
                + " AND expires_at <= ?", Long.class, Timestamp.from(clock.instant().plus(within)));
        return count == null ? 0 : count;
    }
}
