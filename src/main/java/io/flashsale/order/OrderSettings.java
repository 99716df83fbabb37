package io.flashsale.order;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the order worker and the hold's life ({@code flashsale.order.*}).
 *
 * @param batchSize the most order messages written in one transaction
 * @param batchWait how long the worker waits for a batch to fill before it writes what it has
 * @param prefetch unacknowledged order messages the broker may hand one consumer
 * @param consumers order consumers on this instance
 * @param transientRetryFor how long a batch is retried in place while the database or Redis is unreachable,
 *     before its messages go back to the queue (each return counts toward the delivery limit)
 * @param sweepInterval how often open checkouts past their expiry are looked for, in case an expiry message was lost
 * @param recoveryInterval how often sales are checked for a live state Redis lost
 */
@Validated
@ConfigurationProperties("flashsale.order")
record OrderSettings(
        @Min(1) @DefaultValue("250") int batchSize,
        @NotNull @DefaultValue("PT0.01S") Duration batchWait,
        @Min(1) @DefaultValue("1000") int prefetch,
        @Min(1) @DefaultValue("2") int consumers,
        @NotNull @DefaultValue("PT30S") Duration transientRetryFor,
        @NotNull @DefaultValue("PT30S") Duration sweepInterval,
        @NotNull @DefaultValue("PT2S") Duration recoveryInterval) {
}
