package io.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.flashsale.checkout.CheckoutFigures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * The operators' live dashboard: every {@code interval}, this instance's figures to {@code /topic/operations}
 * (operators only, {@link StompAuthorization}): snap-ups accepted and refused per second by reason (from the
 * {@code flashsale.snapup.*} counters, over the last interval), the order queue's depth, the dead letters waiting,
 * the holds expiring soon, and the notification lag (from the {@code flashsale.notification.lag} timer). Nothing is
 * read while no operator subscribes. Rates are this instance's; Prometheus adds up the fleet.
 */
@Component
class OperationsFigures implements SchedulingConfigurer {

    static final String TOPIC = "/topic/operations";
    private static final Logger log = LoggerFactory.getLogger(OperationsFigures.class);

    private final SimpMessagingTemplate stomp;
    private final CheckoutFigures checkouts;
    private final MeterRegistry meters;
    private final OperationsFiguresSettings settings;
    private final Clock clock;
    /** Subscription ids to the topic, by session: the figures are read only while there is one. */
    private final Map<String, Set<String>> watchers = new ConcurrentHashMap<>();
    private Snapshot last;

    OperationsFigures(SimpMessagingTemplate stomp, CheckoutFigures checkouts, MeterRegistry meters,
            OperationsFiguresSettings settings, Clock clock) {
        this.stomp = stomp;
        this.checkouts = checkouts;
        this.meters = meters;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::tick, settings.interval());
    }

    @EventListener
    void subscribed(SessionSubscribeEvent event) {
        SimpMessageHeaderAccessor frame = SimpMessageHeaderAccessor.wrap(event.getMessage());
        if (TOPIC.equals(frame.getDestination())) {
            watchers.computeIfAbsent(frame.getSessionId(), s -> ConcurrentHashMap.newKeySet())
                    .add(frame.getSubscriptionId());
        }
    }

    @EventListener
    void unsubscribed(SessionUnsubscribeEvent event) {
        SimpMessageHeaderAccessor frame = SimpMessageHeaderAccessor.wrap(event.getMessage());
        watchers.computeIfPresent(frame.getSessionId(), (session, ids) -> {
            ids.remove(frame.getSubscriptionId());
            return ids.isEmpty() ? null : ids;
        });
    }

    @EventListener
    void closed(SessionDisconnectEvent event) {
        watchers.remove(event.getSessionId());
    }

    synchronized void tick() {
        Snapshot now = snapshot();
        Snapshot before = last;
        last = now;
        if (watchers.isEmpty() || before == null) {
            return;
        }
        try {
            stomp.convertAndSend(TOPIC, figures(before, now));
        } catch (RuntimeException e) { // a server away: the dashboard misses a tick, and says so by its time
            log.warn("Operations figures not sent: {}", e.toString());
        }
    }

    /** The figures between two snapshots, with the servers' current ones. */
    Figures figures(Snapshot before, Snapshot now) {
        double seconds = Math.max(0.001, Duration.between(before.at(), now.at()).toNanos() / 1e9);
        Map<String, Double> refused = new TreeMap<>();
        now.refused().forEach((reason, count) -> refused.put(reason,
                round((count - before.refused().getOrDefault(reason, 0.0)) / seconds)));
        long lagCount = now.lagCount() - before.lagCount();
        Double lagMs = lagCount == 0 ? null : round((now.lagTotalMs() - before.lagTotalMs()) / lagCount);
        return new Figures(now.at(), round((now.accepted() - before.accepted()) / seconds), refused,
                checkouts.queueDepth(), checkouts.deadLettersPending(),
                checkouts.holdsExpiringWithin(settings.expiringWithin()), settings.expiringWithin().toSeconds(),
                lagMs, now.lagMaxMs());
    }

    Snapshot snapshot() {
        Counter accepted = meters.find("flashsale.snapup.accepted").counter();
        Map<String, Double> refused = new TreeMap<>();
        meters.find("flashsale.snapup.refused").counters()
                .forEach(c -> refused.put(c.getId().getTag("reason"), c.count()));
        Timer lag = meters.find("flashsale.notification.lag").timer();
        return new Snapshot(clock.instant(), accepted == null ? 0 : accepted.count(), refused,
                lag == null ? 0 : lag.count(), lag == null ? 0 : lag.totalTime(TimeUnit.MILLISECONDS),
                lag == null ? 0 : round(lag.max(TimeUnit.MILLISECONDS)));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    record Snapshot(Instant at, double accepted, Map<String, Double> refused, long lagCount, double lagTotalMs,
            double lagMaxMs) {
    }

    /**
     * What {@code /topic/operations} carries, every interval.
     *
     * @param acceptedPerSecond snap-ups admitted and queued (202) per second, on this instance
     * @param refusedPerSecond snap-ups refused per second by reason (SOLD_OUT, LIMIT_EXCEEDED, …), on this instance
     * @param queueDepth order messages waiting in {@code checkout.orders}
     * @param deadLetters dead-lettered checkouts waiting for an operator
     * @param holdsExpiringSoon written checkouts, unpaid, whose deadline falls within {@code expiringWithinSeconds}
     * @param notificationLagMs the mean time from an event raised to its hand-over to STOMP over the interval (null:
     *     none in it)
     * @param notificationLagMaxMs the longest of the last minutes
     */
    record Figures(Instant at, double acceptedPerSecond, Map<String, Double> refusedPerSecond, long queueDepth,
            long deadLetters, long holdsExpiringSoon, long expiringWithinSeconds, Double notificationLagMs,
            double notificationLagMaxMs) {
    }
}
