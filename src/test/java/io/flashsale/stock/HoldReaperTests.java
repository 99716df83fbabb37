package io.flashsale.stock;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.flashsale.identity.Role;
import io.flashsale.shared.Messaging;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;

/** An instance died between admitting a checkout and the broker's confirm: its hold has no message behind it. */
@FlashsaleTest
class HoldReaperTests {

    private static final long BUYER = 1_900_000_001L;

    @Autowired
    TestApi api;

    @Autowired
    LiveStock stock;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Test
    void givesBackTheUnitsOfAHoldNothingWillEverWriteAndRecordsItExpired() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted orphan = admitLongAgo(sale);

        assertThat(live.reap()).isEqualTo(1);

        assertThat(live.available(sale)).isEqualTo("10");
        assertThat(live.bought(sale, BUYER)).isNull();
        assertThat(live.queued(sale)).isZero();
        api.client().get().uri("/api/checkouts/{id}", orphan.hold().checkoutId())
                .header(HttpHeaders.AUTHORIZATION, bearer(api.tokenFor(BUYER, Role.USER)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
        assertThat(live.reap()).as("once").isZero();
    }

    @Test
    void leavesAHoldTheWorkerHasClaimed() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted claimed = admitLongAgo(sale);
        stock.claim(PromotionVariantId.of(sale), List.of(claimed.described()));

        assertThat(live.reap()).isZero();
        assertThat(live.available(sale)).isEqualTo("9");
    }

    @Test
    void aLateCopyOfAReapedCheckoutsMessageCreatesNothing() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted orphan = admitLongAgo(sale);
        live.reap();
        QueuedCheckout described = orphan.described();

        rabbit.convertAndSend(Messaging.CHECKOUT_EXCHANGE, Messaging.ORDERS, new CheckoutReserved(
                described.checkoutId(), described.promotionVariantId(), described.userId(), described.quantity(),
                described.unitPrice(), described.holdSeconds(), described.expiresAt(), null,
                described.clientAddress()));
        String genuine = api.snapUpAccepted(api.buyerToken(), sale); // behind it in the queue

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM checkout WHERE checkout_id = ?", Integer.class, genuine) == 1);
        assertThat(jdbc.queryForObject("SELECT status FROM checkout WHERE checkout_id = ?", String.class,
                described.checkoutId().toString())).isEqualTo("EXPIRED");
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isEqualTo(1);
        assertThat(live.available(sale)).isEqualTo("9");
    }

    @Test
    void reapsAnOrphanSoonAfterItsAdmissionOnceEveryAdmittedCheckoutIsWrittenItsDeadlineStillAhead() {
        long sale = api.createSale(TestApi.saleRequest(10));
        // admitted 20 s ago (reap-after-drained: 15 s) with a hold of 60 s: its deadline is 40 s ahead; the other
        // one 5 s ago, within the publish deadline (10 s), so its message may still be on its way
        Admission.Admitted orphan = admitted(sale, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(20));
        Admission.Admitted recent = admitted(sale, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5));
        assertThat(live.queued(sale)).isEqualTo(2);

        // the first rounds may only begin to watch the order queue's quiet; then the old orphan goes, before its
        // deadline, and the recent one stays
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            live.reap();
            return live.queued(sale) == 1;
        });
        assertThat(Instant.now()).isBefore(orphan.expiresAt());
        assertThat(live.available(sale)).isEqualTo("9");
        assertThat(stock.queuedOf(PromotionVariantId.of(sale))).extracting(QueuedCheckout::checkoutId)
                .containsExactly(recent.hold().checkoutId());
    }

    @Test
    void aHoldWhoseDeadLetterWaitsForAnOperatorIsNotTakenForAnOrphanBeforeItsDeadline() throws InterruptedException {
        long sale = api.createSale(TestApi.saleRequest(10));
        Admission.Admitted deadLettered =
                admitted(sale, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(45));
        jdbc.update("""
                INSERT INTO dead_letter (checkout_id, promotion_variant_id, user_id, quantity, reason, payload, status,
                    dead_lettered_at)
                VALUES (?, ?, ?, 1, 'the worker failed five times', '{}', 'PENDING', NOW(6))""",
                deadLettered.hold().checkoutId().toString(), sale, BUYER);

        for (int round = 0; round < 4; round++) { // more rounds than the drained rule needs (see above)
            live.reap();
            Thread.sleep(1_100);
        }

        assertThat(live.queued(sale)).isEqualTo(1);
        assertThat(live.available(sale)).isEqualTo("9");
    }

    /** A checkout admitted by the live stock at the given moment (its deadline counted from it), never sent. */
    private Admission.Admitted admitted(long sale, Instant at) {
        Admission.Admitted admitted = (Admission.Admitted) stock.admit(PromotionVariantId.of(sale),
                UserId.of(BUYER + 1 + at.getEpochSecond() % 1_000_000), 1, null, "192.0.2.7");
        QueuedCheckout was = admitted.described();
        Instant deadline = at.plusSeconds(was.holdSeconds());
        live.putHold(sale, was.checkoutId().toString(), was.userId().value() + ":1:" + deadline.toEpochMilli() + ":"
                + was.unitPrice().toPlainString() + ":" + was.holdSeconds() + ":192.0.2.7");
        return new Admission.Admitted(admitted.hold(), deadline, was.unitPrice(), was.holdSeconds());
    }

    /** A checkout admitted by the live stock, whose deadline then passes, its message never sent. */
    private Admission.Admitted admitLongAgo(long sale) {
        Admission.Admitted admitted = (Admission.Admitted) stock.admit(PromotionVariantId.of(sale),
                UserId.of(BUYER), 1, null, "192.0.2.7");
        assertThat(live.available(sale)).isEqualTo("9");
        // the hold's deadline, moved into the past as if its hold time had run out (reap-after is 2 s here)
        Instant past = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);
        QueuedCheckout was = admitted.described();
        live.putHold(sale, was.checkoutId().toString(), BUYER + ":1:" + past.toEpochMilli() + ":"
                + was.unitPrice().toPlainString() + ":" + was.holdSeconds() + ":192.0.2.7");
        return new Admission.Admitted(admitted.hold(), past, was.unitPrice(), was.holdSeconds());
    }
}
