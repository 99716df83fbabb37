package io.flashsale.waitingroom;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.PromotionVariantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The rooms' terms: the table {@code waiting_room} (the operator's record) and this instance's copy of the rooms
 * that are on, read again every {@code refresh}. The snap-up asks the copy, so checking whether a sale has a room
 * costs no server; an operator's switch reaches every instance within one refresh (at once on the one that made it).
 */
@Component
class Rooms implements SchedulingConfigurer, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final JdbcClient jdbc;
    private final PromotionCatalog catalog;
    private final WaitingRoomSettings settings;
    private final Clock clock;
    private volatile Map<PromotionVariantId, RoomTerms> on = Map.of();

    Rooms(JdbcClient jdbc, PromotionCatalog catalog, WaitingRoomSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.settings = settings;
        this.clock = clock;
    }

    /** Read once before the web server takes requests, so no snap-up gets past a room this instance hasn't read. */
    @Override
    public void afterSingletonsInstantiated() {
        refreshQuietly();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::refreshQuietly, settings.refresh());
    }

    /** The terms of a room that is on, as this instance last read them. */
    Optional<RoomTerms> on(PromotionVariantId id) {
        return Optional.ofNullable(on.get(id));
    }

    /** Every room that is on, as this instance last read them. */
    Map<PromotionVariantId, RoomTerms> allOn() {
        return on;
    }

    /** The operator's record of a room, on or off; empty when the sale never had one. */
    Optional<Record> find(PromotionVariantId id) {
        return jdbc.sql("""
                SELECT enabled, opens_before_seconds, rate_per_second, draw_seed, drawn_at, drawn_count,
                    rate_follows_lane
                FROM waiting_room WHERE promotion_variant_id = ?""")
                .param(id.value())
                .query((row, n) -> new Record(row.getBoolean(1), row.getInt(2), row.getInt(3),
                        (Long) row.getObject(4, Long.class), instant(row.getTimestamp(5)),
                        (Integer) row.getObject(6, Integer.class), row.getBoolean(7)))
                .optional();
    }

    /** Writes the operator's terms, and reads the rooms again so this instance follows at once. */
    void save(PromotionVariantId id, boolean enabled, int opensBeforeSeconds, int ratePerSecond,
            boolean rateFollowsLane) {
        jdbc.sql("""
                INSERT INTO waiting_room (promotion_variant_id, enabled, opens_before_seconds, rate_per_second,
                    rate_follows_lane, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE enabled = VALUES(enabled), opens_before_seconds = VALUES(opens_before_seconds),
                    rate_per_second = VALUES(rate_per_second), rate_follows_lane = VALUES(rate_follows_lane),
                    updated_at = VALUES(updated_at)""")
                .params(id.value(), enabled, opensBeforeSeconds, ratePerSecond, rateFollowsLane,
                        Timestamp.from(clock.instant()))
                .update();
        refresh();
    }

    /** Records a draw for the audit: its seed, when it ended and how many buyers it placed. */
    void drawn(PromotionVariantId id, long seed, Instant at, int count) {
        jdbc.sql("UPDATE waiting_room SET draw_seed = ?, drawn_at = ?, drawn_count = ? WHERE promotion_variant_id = ?")
                .params(seed, Timestamp.from(at), count, id.value())
                .update();
    }

    void refresh() {
        Map<PromotionVariantId, RoomTerms> read = new HashMap<>();
        jdbc.sql("""
                SELECT promotion_variant_id, opens_before_seconds, rate_per_second, rate_follows_lane
                FROM waiting_room WHERE enabled""")
                .query((row, n) -> new long[] {row.getLong(1), row.getInt(2), row.getInt(3), row.getBoolean(4) ? 1 : 0})
                .list()
                .forEach(room -> {
                    PromotionVariantId id = PromotionVariantId.of(room[0]);
                    catalog.window(id).ifPresent(window -> read.put(id, new RoomTerms(id, true, (int) room[1],
                            (int) room[2], window.startsAt(), window.endsAt(), room[3] == 1)));
                });
        on = Map.copyOf(read);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Waiting rooms not read again, the last terms stand: {}", e.toString());
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The operator's record of one room, with its draw once made. */
    record Record(boolean enabled, int opensBeforeSeconds, int ratePerSecond, Long drawSeed, Instant drawnAt,
            Integer drawnCount, boolean rateFollowsLane) {
    }
}
