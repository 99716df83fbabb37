package io.flashsale.stock;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.LuaScripts;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A test's look into a promotion variant's live state in Redis, through the keys the stock module uses, so no test
 * spells a key out. It also runs the module's periodic work on demand (the test profile turns the schedules off).
 */
@TestComponent
public class LiveStateProbe {

    private final StringRedisTemplate redis;
    private final LiveStateSync sync;
    private final LiveStateRebuild rebuild;
    private final HoldReaper reaper;
    private final DriftReconciler reconciler;

    LiveStateProbe(StringRedisTemplate redis, LiveStateSync sync, LiveStateRebuild rebuild, HoldReaper reaper,
            DriftReconciler reconciler) {
        this.redis = redis;
        this.sync = sync;
        this.rebuild = rebuild;
        this.reaper = reaper;
        this.reconciler = reconciler;
    }

    /** Runs the drift reconciler now; returns how many promotion variants had drifted. */
    public int reconcile() {
        return reconciler.reconcileAll();
    }

    /** Moves a buyer's count behind the scripts' back, as a give-back lost with a process would. */
    public void setBought(long id, long userId, long units) {
        redis.opsForHash().put(keys(id).bought(), Long.toString(userId), Long.toString(units));
    }

    /** Runs the reaper of holds nothing will write now; returns how many it reaped. */
    public int reap() {
        return reaper.reapAll();
    }

    /** The live state's {@code available}, as Redis holds it (a string), or null without a live state. */
    public String available(long id) {
        return field(id, "available");
    }

    public String field(long id, String field) {
        return (String) redis.opsForHash().get(keys(id).state(), field);
    }

    public Map<Object, Object> state(long id) {
        return redis.opsForHash().entries(keys(id).state());
    }

    /** Seconds until the live state expires. */
    public Long secondsToLive(long id) {
        return redis.getExpire(keys(id).state());
    }

    public boolean exists(long id) {
        return Boolean.TRUE.equals(redis.hasKey(keys(id).state()));
    }

    /** Moves {@code available} behind the scripts' back, as units held meanwhile would. */
    public void addToAvailable(long id, long delta) {
        redis.opsForHash().increment(keys(id).state(), "available", delta);
    }

    /** Writes one field of the live state behind the scripts' back, as someone with access to Redis could. */
    public void setField(long id, String field, String value) {
        redis.opsForHash().put(keys(id).state(), field, value);
    }

    public void setAvailable(long id, long available) {
        redis.opsForHash().put(keys(id).state(), "available", Long.toString(available));
    }

    /** Queued checkouts: holds recorded and not yet settled. */
    public long queued(long id) {
        return redis.opsForHash().size(keys(id).holds());
    }

    public void putHold(long id, String checkoutId, String hold) {
        redis.opsForHash().put(keys(id).holds(), checkoutId, hold);
    }

    /** Buyers with units held or bought. */
    public long buyers(long id) {
        return redis.opsForHash().size(keys(id).bought());
    }

    /** The units a buyer holds or bought, or null for none. */
    public String bought(long id, long userId) {
        return (String) redis.opsForHash().get(keys(id).bought(), Long.toString(userId));
    }

    public long undone(long id) {
        Long size = redis.opsForSet().size(keys(id).undone());
        return size == null ? 0 : size;
    }

    public boolean isUndone(long id, String checkoutId) {
        return Boolean.TRUE.equals(redis.opsForSet().isMember(keys(id).undone(), checkoutId));
    }

    /** Loses the live state, as a Redis failure would. */
    public void lose(long id) {
        redis.delete(keys(id).state());
    }

    /** Runs the periodic sync of every live state with the database now. */
    public void syncAll() {
        sync.syncAll();
    }

    /** Runs the rebuild of lost live states now; returns how many it rebuilt. */
    public int rebuildLost() {
        return rebuild.rebuildLost();
    }

    /** The bucket a buyer's live state is in, among {@code buckets}. */
    public static int bucketOf(long userId, int buckets) {
        return StockBuckets.of(UserId.of(userId), buckets);
    }

    /** One field of one bucket's live state, or null without it. */
    public String field(long id, int bucket, String field) {
        return (String) redis.opsForHash().get(keys(id, bucket).state(), field);
    }

    /** The units a buyer holds or bought, as the given bucket has them, or null for none. */
    public String bought(long id, int bucket, long userId) {
        return (String) redis.opsForHash().get(keys(id, bucket).bought(), Long.toString(userId));
    }

    /** Writes one bucket's {@code available} behind the scripts' back. */
    public void setBucketAvailable(long id, int bucket, long available) {
        redis.opsForHash().put(keys(id, bucket).state(), "available", Long.toString(available));
    }

    /** Writes one field of one bucket's live state behind the scripts' back. */
    public void setBucketField(long id, int bucket, String field, String value) {
        redis.opsForHash().put(keys(id, bucket).state(), field, value);
    }

    /** Moves taken by the given bucket so far. */
    public long received(long id, int bucket) {
        Long size = redis.opsForSet().size(keys(id, bucket).received());
        return size == null ? 0 : size;
    }

    /** Moves the given bucket gave and no bucket has taken yet, as far as it knows. */
    public long pendingMoves(long id, int bucket) {
        return redis.opsForHash().size(keys(id, bucket).moves());
    }

    /**
     * Runs only the giving half of a move between buckets, dated {@code at}, as a refill that died before the
     * receiving half leaves it; returns the units given.
     */
    public long giveHalfAMove(long id, int giver, int receiver, int wanted, Instant at) {
        List<?> given = redis.execute(LuaScripts.of("scripts/move-out.lua", List.class),
                keys(id, giver).all(), "test-move-" + at.toEpochMilli(), Integer.toString(receiver),
                Integer.toString(wanted), Long.toString(at.toEpochMilli()));
        return ((Number) given.getFirst()).longValue();
    }

    /** Loses one bucket's live state, as a failure of the Redis shard holding it would. */
    public void lose(long id, int bucket) {
        redis.delete(keys(id, bucket).all());
    }

    private StockKeys keys(long id, int bucket) {
        Object buckets = redis.opsForHash().get(keys(id).state(), "buckets");
        return StockKeys.of(PromotionVariantId.of(id), bucket, buckets == null ? 1 : Integer.parseInt((String) buckets));
    }

    private static StockKeys keys(long id) {
        return StockKeys.of(PromotionVariantId.of(id));
    }
}
