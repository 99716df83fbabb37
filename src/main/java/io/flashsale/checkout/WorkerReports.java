package io.flashsale.checkout;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.ClusterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Every instance's checkout worker, as each reports itself in Redis (hash {@code flashsale:workers}: instance id →
 * messages in hand, batches ended, consumers on the order queue, when): what the drain check before a rebuild needs
 * to see the whole cluster, not only this instance. A report older than three intervals is of an instance that
 * stopped or lost Redis; it is left out and removed (a stopped instance's unacknowledged messages are back in the
 * queue; one that only lost Redis still holds its consumers, which the broker counts — see
 * {@link WrittenHolds#allWritten()}).
 */
@Configuration(proxyBeanMethods = false)
class WorkerReports implements SchedulingConfigurer {

    static final String KEY = "flashsale:workers";
    private static final Logger log = LoggerFactory.getLogger(WorkerReports.class);

    private final StringRedisTemplate redis;
    private final CheckoutWorker worker;
    private final RabbitListenerEndpointRegistry listeners;
    private final ClusterSettings settings;
    private final Clock clock;

    WorkerReports(StringRedisTemplate redis, CheckoutWorker worker, RabbitListenerEndpointRegistry listeners,
            ClusterSettings settings, Clock clock) {
        this.redis = redis;
        this.worker = worker;
        this.listeners = listeners;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::reportQuietly, settings.reportInterval());
    }

    private void reportQuietly() {
        try {
            report();
        } catch (DataAccessException e) {
            log.warn("The worker report could not be written: {}", e.getMessage());
        }
    }

    /** Writes this instance's report now. */
    void report() {
        redis.opsForHash().put(KEY, settings.instanceId(), new Report(settings.instanceId(), worker.inFlight(),
                worker.batchesEnded(), consumers(), clock.millis()).toString());
    }

    /** The current reports of every instance, this one's included (written first). */
    List<Report> all() {
        report();
        long stale = clock.millis() - 3 * settings.reportInterval().toMillis();
        List<Report> current = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : redis.opsForHash().entries(KEY).entrySet()) {
            Report report = Report.parse((String) entry.getKey(), (String) entry.getValue());
            if (report.at() < stale) {
                redis.opsForHash().delete(KEY, entry.getKey());
            } else {
                current.add(report);
            }
        }
        return current;
    }

    private int consumers() {
        return listeners.getListenerContainer("checkoutWorker") instanceof SimpleMessageListenerContainer container
                && container.isRunning() ? container.getActiveConsumerCount() : 0;
    }

    /**
     * One instance's worker.
     *
     * @param inFlight order messages in a batch being written
     * @param batchesEnded batches finished since it started
     * @param consumers its consumers on the order queue
     * @param at when it reported (epoch ms)
     */
    record Report(String instance, int inFlight, long batchesEnded, int consumers, long at) {

        static Report parse(String instance, String value) {
            String[] parts = value.split(":");
            return new Report(instance, Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
                    Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
        }

        @Override
        public String toString() {
            return inFlight + ":" + batchesEnded + ":" + consumers + ":" + at;
        }
    }
}
