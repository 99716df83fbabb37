package io.flashsale.checkout;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the worker and the checkout's life ({@code flashsale.checkout.*}).
 *
 * @param batchSize the most order messages written in one transaction
 * @param batchWait how long the worker waits for a batch to fill before it writes what it has
 * @param prefetch unacknowledged order messages the broker may hand one consumer
 * @param consumers order consumers on this instance
 * @param expiryConsumers expiry consumers on this instance (batches of {@code batchSize}, as the worker's)
 * @param transientRetryFor how long a batch is retried in place while the database or Redis is unreachable,
 *     before its messages go back to the queue (each return counts toward the delivery limit)
 * @param drainQuiet how long the order queue must be seen empty, with the worker idle, before a lost live state
 *     is rebuilt; far longer than the batch wait, so a message the broker already handed the worker reaches a batch
 * @param deadLetterRetryPause how long a dead-lettered message waits before it comes back while Redis is away
 * @param sweepInterval how often open checkouts past their deadline are looked for, in case an expiry message was
 *     lost
 * @param sweepBatch the most checkouts one sweep expires in one transaction (a sweep goes on while it finds a whole
 *     batch)
 * @param followUpRetryInterval how often follow-ups left behind by a commit (the process died before doing them)
 *     are looked for and done, the first time right at start
 * @param followUpGrace how old a follow-up must be before a retry does it: the committing thread normally does it
 *     within milliseconds (a retry racing it is harmless, only wasted)
 * @param listLimit the page size of {@code GET /api/checkouts} when the buyer asks for none (at most 200)
 * @param exportPage checkouts read per query while streaming an export
 */
@Validated
@ConfigurationProperties("flashsale.checkout")
record CheckoutSettings(
        @Min(1) @DefaultValue("250") int batchSize,
        @NotNull @DefaultValue("PT0.01S") Duration batchWait,
        @Min(1) @DefaultValue("1000") int prefetch,
        @Min(1) @DefaultValue("2") int consumers,
        @Min(1) @DefaultValue("2") int expiryConsumers,
        @NotNull @DefaultValue("PT30S") Duration transientRetryFor,
        @NotNull @DefaultValue("PT1S") Duration drainQuiet,
        @NotNull @DefaultValue("PT1S") Duration deadLetterRetryPause,
        @NotNull @DefaultValue("PT30S") Duration sweepInterval,
        @Min(1) @DefaultValue("500") int sweepBatch,
        @NotNull @DefaultValue("PT5S") Duration followUpRetryInterval,
        @NotNull @DefaultValue("PT5S") Duration followUpGrace,
        @Min(1) @DefaultValue("100") int listLimit,
        @Min(1) @DefaultValue("1000") int exportPage) {
}
