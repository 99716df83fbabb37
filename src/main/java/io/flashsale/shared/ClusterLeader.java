package io.flashsale.shared;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Which instance runs the periodic jobs that should run once per cluster (the expiry sweep, the reaper, the rebuild
 * of a lost live state): the holder of a lease in Redis ({@code flashsale:leader}: SET NX PX, renewed by its holder
 * every third of {@code leaseTime}). An instance counts itself leader only while its last renewal is younger than
 * two thirds of the lease, so two instances never both believe it (short of a clock pause longer than that). When the
 * leader dies or loses Redis, another takes over within {@code leaseTime}. Each job is also harmless when run twice
 * (their writes are compare-and-set), so the lease saves work rather than guards correctness.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterLeader implements SchedulingConfigurer {

    static final String KEY = "flashsale:leader";
    private static final Logger log = LoggerFactory.getLogger(ClusterLeader.class);
    /** Takes the lease when free, renews it when held; answers 1 when this instance holds it. */
    private static final RedisScript<Long> TAKE_OR_RENEW = RedisScript.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0""", Long.class);

    private final StringRedisTemplate redis;
    private final ClusterSettings settings;
    private final String key;
    /** Until when (System.nanoTime) this instance counts itself leader; not at all while {@code held} is false. */
    private volatile boolean held;
    private volatile long heldUntil;

    @Autowired
    ClusterLeader(StringRedisTemplate redis, ClusterSettings settings) {
        this(redis, settings, KEY);
    }

    ClusterLeader(StringRedisTemplate redis, ClusterSettings settings, String key) {
        this.redis = redis;
        this.settings = settings;
        this.key = key;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::renew, settings.leaseTime().dividedBy(3));
    }

    /** Whether this instance is the leader now. */
    public boolean isLeader() {
        return held && System.nanoTime() - heldUntil < 0;
    }

    /** Runs the job only on the leader. */
    public void ifLeader(Runnable job) {
        if (isLeader()) {
            job.run();
        }
    }

    void renew() {
        long now = System.nanoTime();
        try {
            Long taken = redis.execute(TAKE_OR_RENEW, List.of(key), settings.instanceId(),
                    Long.toString(settings.leaseTime().toMillis()));
            boolean wasLeader = isLeader();
            boolean holds = taken != null && taken == 1;
            if (!holds) {
                this.held = false;
            }
            heldUntil = now + settings.leaseTime().multipliedBy(2).dividedBy(3).toNanos();
            this.held = holds;
            if (isLeader() != wasLeader) {
                log.info("Instance {} {} the leader of the periodic jobs", settings.instanceId(),
                        isLeader() ? "is now" : "is no longer");
            }
        } catch (DataAccessException e) {
            log.warn("The leader lease could not be renewed: {}", e.getMessage()); // it lapses by itself
        }
    }
}
