package io.flashsale.waitingroom;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.flashsale.shared.LuaScripts;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A room's line in Redis: join, a buyer's place, the tick that lets buyers through, and the draw. Each step is one
 * Lua script over the room's keys (one slot; their headers in {@code scripts/room-*.lua} state the invariants), so
 * any number of instances share one line. What a tick costs does not grow with the room: one script per room.
 */
@Component
class RoomLine {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> JOIN = LuaScripts.of("scripts/room-join.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADVANCE =
            LuaScripts.of("scripts/room-advance.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> DRAW = LuaScripts.of("scripts/room-draw.lua", List.class);
    /** Buyers read or written per Redis command while drawing: keeps each command short. */
    private static final int CHUNK = 10_000;

    private final StringRedisTemplate redis;

    RoomLine(StringRedisTemplate redis) {
        this.redis = redis;
    }

    Joined join(RoomTerms terms, UserId buyer, Instant expireAt) {
        List<?> reply = redis.execute(JOIN, RoomKeys.of(terms.id()).all(), "join", buyer.toString(),
                millis(terms.opensAt()), millis(terms.startsAt()), millis(terms.endsAt()), millis(expireAt));
        return new Joined(Joined.Outcome.valueOf((String) reply.get(0)), spot(reply.subList(1, reply.size())));
    }

    Spot place(PromotionVariantId id, UserId buyer) {
        List<?> reply = redis.execute(JOIN, RoomKeys.of(id).all(), "place", buyer.toString());
        return spot(reply.subList(1, reply.size()));
    }

    /** One tick: the terms written, the start's freeze, buyers let through (none while no stock is left). */
    Status advance(RoomTerms terms, Long available, Instant expireAt) {
        List<?> reply = redis.execute(ADVANCE, RoomKeys.of(terms.id()).all(), millis(terms.opensAt()),
                millis(terms.startsAt()), millis(terms.endsAt()), Integer.toString(terms.ratePerSecond()),
                available == null ? "" : available.toString(), millis(expireAt));
        String seed = (String) reply.get(4);
        String drawnAt = (String) reply.get(7);
        return new Status(RoomState.valueOf((String) reply.get(0)), number(reply.get(1)), number(reply.get(2)),
                (int) number(reply.get(3)), seed.isEmpty() ? null : Long.valueOf(seed),
                Instant.ofEpochMilli(number(reply.get(5))), number(reply.get(6)),
                drawnAt.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(drawnAt)));
    }

    /** Takes the draw for a while, if there is one to do; the seed is the first claim's, kept for every later one. */
    Optional<DrawClaim> claimDraw(PromotionVariantId id, long candidateSeed, Duration lease) {
        List<?> claim = redis.execute(DRAW, List.of(RoomKeys.of(id).room()), "claim", Long.toString(candidateSeed),
                Long.toString(lease.toMillis()));
        if (claim == null || claim.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DrawClaim(Long.parseLong((String) claim.get(0)), (int) number(claim.get(1))));
    }

    /** The first {@code count} buyers who came before the start, in the order they came. */
    List<String> arrivals(PromotionVariantId id, int count) {
        List<String> arrivals = new ArrayList<>(count);
        for (int from = 0; from < count; from += CHUNK) {
            arrivals.addAll(redis.opsForList().range(RoomKeys.of(id).arrivals(), from,
                    Math.min(count, from + CHUNK) - 1));
        }
        return arrivals;
    }

    /** Gives the drawn buyers their positions: the buyer at index k gets k + 1. */
    void placeDrawn(PromotionVariantId id, List<String> order) {
        String positions = RoomKeys.of(id).positions();
        for (int from = 0; from < order.size(); from += CHUNK) {
            Map<String, String> chunk = new LinkedHashMap<>();
            for (int k = from; k < Math.min(order.size(), from + CHUNK); k++) {
                chunk.put(order.get(k), Integer.toString(k + 1));
            }
            redis.opsForHash().putAll(positions, chunk);
        }
    }

    boolean finishDraw(PromotionVariantId id, long seed) {
        List<?> done = redis.execute(DRAW, List.of(RoomKeys.of(id).room()), "finish", Long.toString(seed));
        return done != null && !done.isEmpty() && number(done.getFirst()) == 1;
    }

    /** The positions of some buyers (0: awaiting the draw); those not in the room are left out. */
    Map<UserId, Long> positions(PromotionVariantId id, Collection<UserId> buyers) {
        List<UserId> asked = List.copyOf(buyers);
        List<Object> read = redis.opsForHash().multiGet(RoomKeys.of(id).positions(),
                asked.stream().map(buyer -> (Object) buyer.toString()).toList());
        Map<UserId, Long> positions = new HashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            if (read.get(i) != null) {
                positions.put(asked.get(i), Long.parseLong(read.get(i).toString()));
            }
        }
        return positions;
    }

    private static Spot spot(List<?> reply) {
        return new Spot(number(reply.get(0)), RoomState.valueOf((String) reply.get(1)), number(reply.get(2)),
                number(reply.get(3)), (int) number(reply.get(4)), Instant.ofEpochMilli(number(reply.get(5))));
    }

    private static long number(Object reply) {
        return ((Number) reply).longValue();
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    /**
     * A buyer's spot and the room's figures, read together.
     *
     * @param position -1: not in the room; 0: awaiting the draw; else the place in line counted from the front
     * @param served the last position let through
     * @param at Redis's time of the reading
     */
    record Spot(long position, RoomState state, long served, long length, int rate, Instant at) {
    }

    /** What a join came to, and the buyer's spot after it. */
    record Joined(Outcome outcome, Spot spot) {

        enum Outcome {
            JOINED, ALREADY, NOT_OPEN, ENDED, PLACE
        }
    }

    /**
     * A room after a tick.
     *
     * @param drawn how many buyers the draw placed (0 before it)
     */
    record Status(RoomState state, long served, long length, int rate, Long seed, Instant at, long drawn,
            Instant drawnAt) {
    }

    /** The draw this instance now holds: its seed and how many arrivals it shuffles. */
    record DrawClaim(long seed, int count) {
    }
}
