package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.flashsale.identity.Role;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.stock.Admission;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.stock.LiveStock;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The process dies between a commit and the steps that must follow it in Redis and on the broker: the follow-ups
 * recorded with the commit are done later, once, and nothing drifts.
 */
@FlashsaleTest
class FollowUpTests {

    private static final long BUYER = 1_900_000_101L;

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    LiveStock stock;

    @Autowired
    CheckoutWriter writer;

    @Autowired
    CheckoutLifecycle lifecycle;

    @Autowired
    FollowUps followUps;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aWorkerThatDiesBetweenItsCommitAndItsFollowUpsLeavesNothingBehind() {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutReserved message = admit(sale);

        writer.write(List.of(message)); // committed; the process dies before anything else

        assertThat(status(message.checkoutId())).isEqualTo("CHECKOUT");
        assertThat(live.queued(sale)).as("Redis is behind the record").isEqualTo(1);
        assertThat(outstanding()).isEqualTo(1);
        assertThat(live.reconcile()).as("nothing is compared while a follow-up is outstanding").isZero();
        assertThat(live.available(sale)).isEqualTo("9");

        assertThat(followUps.retry(Duration.ZERO)).isEqualTo(1); // the next pass, on this or another instance

        assertThat(live.queued(sale)).isZero();
        assertThat(live.available(sale)).isEqualTo("9");
        assertThat(live.bought(sale, BUYER)).isEqualTo("1");
        assertThat(outstanding()).isZero();
        assertThat(expiryMessages()).as("its expiry is scheduled").isEqualTo(1);
        assertThat(live.reconcile()).as("no drift").isZero();
    }

    @Test
    void aFollowUpThatAnotherInstancesRetryHoldsIsLeftToIt() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        writer.write(List.of(admit(sale))); // committed; the process dies before anything else

        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // another instance's retry has claimed the row and is doing it…
            Future<?> other = threads.submit(() -> transaction.executeWithoutResult(tx -> {
                jdbc.queryForList("SELECT id FROM follow_up FOR UPDATE");
                claimed.countDown();
                await().until(() -> release.getCount() == 0);
            }));
            claimed.await();

            assertThat(followUps.retry(Duration.ZERO)).as("…so this one leaves it alone").isZero();
            assertThat(live.queued(sale)).as("not done here").isEqualTo(1);
            release.countDown();
            other.get(); // it ends without doing it (a step failed): the row is free again
        }
        assertThat(followUps.retry(Duration.ZERO)).isEqualTo(1);
        assertThat(live.queued(sale)).isZero();
        assertThat(outstanding()).isZero();
        assertThat(expiryMessages()).as("its expiry scheduled once").isEqualTo(1);
    }

    @Test
    void anExpiryThatDiesAfterItsCommitGivesItsUnitsBackOnceOnTheRetry() {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutId checkoutId = written(sale);
        pastItsDeadline(checkoutId);

        CheckoutLifecycle.Committed expiry = lifecycle.commitExpiry(List.of(checkoutId)); // …and the process dies

        assertThat(status(checkoutId)).isEqualTo("EXPIRED");
        assertThat(reserved(sale)).isZero();
        assertThat(live.available(sale)).as("Redis is behind the record").isEqualTo("9");

        assertThat(followUps.retry(Duration.ZERO)).isEqualTo(1);
        assertThat(live.available(sale)).isEqualTo("10");
        assertThat(live.bought(sale, BUYER)).isNull();

        followUps.run(expiry.followUps()); // the same follow-up done again (a retry racing the committing thread)
        assertThat(live.available(sale)).as("given back once").isEqualTo("10");
        assertThat(live.reconcile()).isZero();
    }

    @Test
    void aRebuildWaitsForAnExpiryCommittingMeanwhileAndCountsItsUnitOnce() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(10));
        CheckoutId checkoutId = written(sale);
        pastItsDeadline(checkoutId);
        live.lose(sale); // Redis lost the live state
        assertThat(live.rebuildLost()).isZero(); // the order queue must be seen quiet twice, a second apart
        Thread.sleep(1_100);

        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // an expiry has given the unit back in the database and is about to commit…
            Future<CheckoutLifecycle.Committed> expiry = threads.submit(() -> transaction.execute(tx -> {
                CheckoutLifecycle.Committed committed = lifecycle.commitExpiry(List.of(checkoutId));
                locked.countDown();
                await().until(() -> commit.getCount() == 0);
                return committed;
            }));
            locked.await();
            // …when the rebuild reads the database
            Future<Integer> rebuild = threads.submit(live::rebuildLost);
            Thread.sleep(500);
            assertThat(rebuild.isDone()).as("the rebuild waits for the expiry's commit").isFalse();
            commit.countDown();
            CheckoutLifecycle.Committed committed = expiry.get();

            assertThat(rebuild.get()).as("not while the expiry's give-back is on its way").isZero();
            followUps.run(committed.followUps()); // finds no live state: the rebuild counts it from the record
        }
        assertThat(live.rebuildLost()).isEqualTo(1);

        assertThat(live.available(sale)).isEqualTo("10");
        assertThat(live.bought(sale, BUYER)).isNull();
        assertThat(reserved(sale)).isZero();
    }

    /** A checkout admitted by the live stock, its message as the snap-up would queue it. */
    private CheckoutReserved admit(long sale) {
        Admission.Admitted admitted = (Admission.Admitted) stock.admit(PromotionVariantId.of(sale), UserId.of(BUYER),
                1, null, "192.0.2.9");
        return new CheckoutReserved(admitted.hold().checkoutId(), PromotionVariantId.of(sale), UserId.of(BUYER), 1,
                admitted.unitPrice(), admitted.holdSeconds(), admitted.expiresAt(), null, "192.0.2.9");
    }

    /** A checkout snapped up and written by the worker, its follow-ups done. */
    private CheckoutId written(long sale) {
        String checkoutId = api.snapUpAccepted(api.tokenFor(BUYER, Role.USER), sale);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.queued(sale) == 0 && outstanding() == 0
                && "CHECKOUT".equals(status(CheckoutId.of(checkoutId))));
        assertThat(live.available(sale)).isEqualTo("9");
        return CheckoutId.of(checkoutId);
    }

    private void pastItsDeadline(CheckoutId checkoutId) {
        jdbc.update("UPDATE checkout SET expires_at = ? WHERE checkout_id = ?",
                Timestamp.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1)), checkoutId.toString());
    }

    private String status(CheckoutId checkoutId) {
        return jdbc.query("SELECT status FROM checkout WHERE checkout_id = ?", row -> row.next() ? row.getString(1)
                : null, checkoutId.toString());
    }

    private int reserved(long sale) {
        return jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale);
    }

    private int outstanding() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM follow_up", Integer.class);
    }

    private long expiryMessages() {
        return Messaging.HOLD_TIERS.stream().mapToLong(tier -> rabbit.execute(channel -> channel.queueDeclarePassive(
                Messaging.holdQueue(tier).getName()).getMessageCount())).sum();
    }
}
