package io.flashsale.waitingroom;

import java.time.Duration;
import java.util.List;

import io.flashsale.shared.ClusterSettings;
import io.flashsale.shared.LuaScripts;
import io.flashsale.shared.SnapUpCapacity;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * What the snap-up lanes of every instance can take a second, for rooms that follow it: each instance writes its
 * own figure (hash {@code flashsale:snap-up-capacity}) when it moves such rooms and reads the sum of the fresh ones,
 * in one script. An instance that stopped drops out once its figure is older than the freshness bound.
 */
@Component
class LaneCapacity {

    static final String KEY = "flashsale:snap-up-capacity";
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT =
            LuaScripts.of("scripts/lane-capacity.lua", List.class);

    private final StringRedisTemplate redis;
    private final SnapUpCapacity capacity;
    private final String instance;
    private final Duration fresh;

    LaneCapacity(StringRedisTemplate redis, SnapUpCapacity capacity, ClusterSettings cluster,
            WaitingRoomSettings settings) {
        this.redis = redis;
        this.capacity = capacity;
        this.instance = cluster.instanceId();
        this.fresh = settings.tick().multipliedBy(4).compareTo(Duration.ofSeconds(2)) > 0
                ? settings.tick().multipliedBy(4) : Duration.ofSeconds(2);
    }

    /** Writes this instance's figure and answers the cluster's: snap-ups a second, and how many instances said. */
    Reading cluster() {
        List<?> reply = redis.execute(SCRIPT, List.of(KEY), instance,
                Double.toString(Math.max(0, capacity.perSecond())), Long.toString(fresh.toMillis()));
        return new Reading(Double.parseDouble((String) reply.get(0)), ((Number) reply.get(1)).intValue());
    }

    /** The cluster's snap-up capacity, and how many instances it sums. */
    record Reading(double perSecond, int instances) {
    }
}
