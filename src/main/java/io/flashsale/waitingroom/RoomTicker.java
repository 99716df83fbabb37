package io.flashsale.waitingroom;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.LiveStock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Moves every room that is on, on every instance, every {@code tick}: one script per room lets buyers through at
 * its rate (none while the sale has no stock left; again once it has), the draw is made at the start, the room's
 * topic {@code /topic/promotion-variants/{id}/room} hears the line move ("serving up to P": each client works out
 * its own place), and each buyer watching from this instance hears their place on their queue only when its coarse
 * bucket changes ({@link #bucket}) — so a buyer far back is told about once per digit, not on every tick, and the
 * pushes a tick costs don't grow with the room.
 */
@Component
class RoomTicker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RoomTicker.class);
    static final String TOPIC_SUFFIX = "/room";
    private static final String TOPIC_PREFIX = "/topic/promotion-variants/";
    /** The admission rate shown to operators is measured over this many seconds. */
    private static final long RATE_WINDOW_MS = 5_000;

    private final Rooms rooms;
    private final RoomLine line;
    private final LiveStock stock;
    private final RoomWatchers watchers;
    private final WaitingRoom room;
    private final SimpMessagingTemplate stomp;
    private final WaitingRoomSettings settings;
    private final LaneCapacity lanes;
    private final SecureRandom seeds = new SecureRandom();
    private final Map<PromotionVariantId, Deque<RoomLine.Status>> recent = new ConcurrentHashMap<>();
    private final Map<PromotionVariantId, RoomUpdate> broadcast = new ConcurrentHashMap<>();
    private final Set<PromotionVariantId> drawing = ConcurrentHashMap.newKeySet();

    RoomTicker(Rooms rooms, RoomLine line, LiveStock stock, RoomWatchers watchers, WaitingRoom room,
            SimpMessagingTemplate stomp, WaitingRoomSettings settings, LaneCapacity lanes) {
        this.rooms = rooms;
        this.line = line;
        this.stock = stock;
        this.watchers = watchers;
        this.room = room;
        this.stomp = stomp;
        this.settings = settings;
        this.lanes = lanes;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::tick, settings.tick());
    }

    void tick() {
        Map<PromotionVariantId, RoomTerms> on = rooms.allOn();
        recent.keySet().retainAll(on.keySet());
        broadcast.keySet().retainAll(on.keySet());
        double laneCapacity;
        try {
            laneCapacity = on.values().stream().anyMatch(RoomTerms::followsLane) ? lanes.cluster().perSecond() : 0;
        } catch (RuntimeException e) {
            log.warn("Waiting rooms skipped a beat, the snap-up lanes' capacity is unknown: {}", e.toString());
            return;
        }
        on.values().forEach(terms -> {
            try {
                tick(terms.serving(laneCapacity));
            } catch (RuntimeException e) {
                log.warn("Waiting room {} skipped a beat: {}", terms.id(), e.toString());
            }
        });
    }

    private void tick(RoomTerms terms) {
        PromotionVariantId id = terms.id();
        Long available = stock.available(List.of(id)).get(id);
        RoomLine.Status status = line.advance(terms, available, room.expireAt(terms));
        if (status.state() == RoomState.DRAWING && drawing.add(id)) {
            Thread.ofVirtual().name("waiting-room-draw-" + id).start(() -> draw(id));
        }
        remember(id, status);
        RoomUpdate update = new RoomUpdate(id, status.state(), status.served(), status.length(), status.rate(),
                status.at());
        RoomUpdate before = broadcast.put(id, update);
        if (before == null || !before.sameLine(update)) {
            stomp.convertAndSend(TOPIC_PREFIX + id + TOPIC_SUFFIX, update);
        }
        tell(id, status);
    }

    /** Shuffles the arrivals with the room's seed and places them, unless another instance holds the draw. */
    private void draw(PromotionVariantId id) {
        try {
            Optional<RoomLine.DrawClaim> claim = line.claimDraw(id, seeds.nextLong(), settings.drawLease());
            if (claim.isEmpty()) {
                return;
            }
            long seed = claim.get().seed();
            List<String> order = Draw.order(line.arrivals(id, claim.get().count()), seed);
            line.placeDrawn(id, order);
            if (line.finishDraw(id, seed)) {
                rooms.drawn(id, seed, Instant.now(), order.size());
                log.info("Waiting room {} drew {} buyers with seed {}", id, order.size(), seed);
            }
        } catch (RuntimeException e) {
            log.warn("Waiting room {} draw failed, retried at the next tick once its lease ran out: {}", id,
                    e.toString());
        } finally {
            drawing.remove(id);
        }
    }

    /** Tells each buyer watching from here their place, when its bucket (or the room's state) changed. */
    private void tell(PromotionVariantId id, RoomLine.Status status) {
        Map<UserId, RoomWatchers.Watcher> here = watchers.of(id);
        if (here.isEmpty()) {
            return;
        }
        List<UserId> unknown = here.entrySet().stream()
                .filter(e -> e.getValue().position == null
                        || (e.getValue().position == 0 && status.state() != RoomState.WAITING))
                .map(Map.Entry::getKey).toList();
        if (!unknown.isEmpty()) {
            line.positions(id, unknown).forEach((buyer, position) -> {
                RoomWatchers.Watcher watcher = here.get(buyer);
                if (watcher != null) {
                    watcher.position = position;
                }
            });
        }
        here.forEach((buyer, watcher) -> {
            Long position = watcher.position;
            if (position == null) {
                return; // not in the room (yet)
            }
            RoomLine.Spot spot = new RoomLine.Spot(position, status.state(), status.served(), status.length(),
                    status.rate(), status.at());
            String told = status.state() + ":" + (position == 0 ? "draw"
                    : position <= status.served() ? "in" : Long.toString(bucket(position - status.served())));
            if (!told.equals(watcher.told)) {
                watcher.told = told;
                stomp.convertAndSendToUser(buyer.toString(), RoomWatchers.QUEUE_PREFIX + id,
                        room.place(id, buyer, spot));
            }
        });
    }

    /**
     * A place rounded down to one significant digit (1 … 10 exact, then 20, 30 … 100, 200 …): a buyer is told
     * again only when this changes, at most 9 times per power of ten on the way to the front.
     */
    static long bucket(long place) {
        if (place <= 10) {
            return place;
        }
        long magnitude = 1;
        while (place / magnitude >= 10) {
            magnitude *= 10;
        }
        return place / magnitude * magnitude;
    }

    private void remember(PromotionVariantId id, RoomLine.Status status) {
        Deque<RoomLine.Status> samples = recent.computeIfAbsent(id, r -> new ArrayDeque<>());
        synchronized (samples) {
            samples.addLast(status);
            while (samples.size() > 2
                    && status.at().toEpochMilli() - samples.peekFirst().at().toEpochMilli() > RATE_WINDOW_MS) {
                samples.removeFirst();
            }
        }
    }

    /** The room as this instance last moved it, and buyers let through a second over the last few seconds. */
    Optional<Reading> last(PromotionVariantId id) {
        Deque<RoomLine.Status> samples = recent.get(id);
        if (samples == null) {
            return Optional.empty();
        }
        synchronized (samples) {
            if (samples.isEmpty()) {
                return Optional.empty();
            }
            RoomLine.Status first = samples.peekFirst();
            RoomLine.Status last = samples.peekLast();
            long millis = last.at().toEpochMilli() - first.at().toEpochMilli();
            double perSecond = millis <= 0 ? 0 : (last.served() - first.served()) * 1000.0 / millis;
            return Optional.of(new Reading(last, perSecond));
        }
    }

    /** A room's latest status and its measured admission rate. */
    record Reading(RoomLine.Status status, double admittedPerSecond) {
    }

    /** What a room's topic carries: the line's front and length; each buyer's place is position − servingUpTo. */
    record RoomUpdate(PromotionVariantId promotionVariantId, RoomState state, long servingUpTo, long length,
            int ratePerSecond, Instant at) {

        boolean sameLine(RoomUpdate other) {
            return state == other.state && servingUpTo == other.servingUpTo && length == other.length
                    && ratePerSecond == other.ratePerSecond;
        }
    }
}
