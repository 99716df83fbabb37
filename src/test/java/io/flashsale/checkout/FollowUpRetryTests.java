package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.flashsale.shared.ClusterLeader;
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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The follow-ups' retry runs on its schedule on an instance that does not lead: an instance killed and started
 * again at once leads only when its previous self's lease lapses, and what it left behind is due before that. The
 * context is closed after the class, so its retry (every half second) never does another test's follow-up.
 */
@FlashsaleTest
@DirtiesContext
@TestPropertySource(properties = {
        "flashsale.checkout.follow-up-retry-interval=PT0.5S",
        "flashsale.checkout.follow-up-grace=PT1S",
        "flashsale.cluster.lease-time=PT1.5S"})
class FollowUpRetryTests {

    private static final long BUYER = 1_900_000_201L;
    private static final String ANOTHER_INSTANCE = "an-instance-that-leads";

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    LiveStock stock;

    @Autowired
    CheckoutWriter writer;

    @Autowired
    ClusterLeader leader;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Test
    void anInstanceThatDoesNotLeadDoesTheFollowUpsACrashLeftBehind() {
        long sale = api.createSale(TestApi.saleRequest(10));
        // another instance holds the lease (Redis is emptied before each test, the lease with it)
        redis.opsForValue().set("flashsale:leader", ANOTHER_INSTANCE, Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !leader.isLeader());

        writer.write(List.of(admit(sale))); // committed; the process that wrote it "dies" before its follow-ups
        assertThat(outstanding()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> outstanding() == 0);
        assertThat(leader.isLeader()).as("done without the lease").isFalse();
        assertThat(live.queued(sale)).as("its hold settled").isZero();
        assertThat(expiryMessages()).as("its expiry is scheduled").isEqualTo(1);
    }

    /** A checkout admitted by the live stock, its message as the snap-up would queue it. */
    private CheckoutReserved admit(long sale) {
        Admission.Admitted admitted = (Admission.Admitted) stock.admit(PromotionVariantId.of(sale), UserId.of(BUYER),
                1, null, "192.0.2.9");
        return new CheckoutReserved(admitted.hold().checkoutId(), PromotionVariantId.of(sale), UserId.of(BUYER), 1,
                admitted.unitPrice(), admitted.holdSeconds(), admitted.expiresAt(), null, "192.0.2.9");
    }

    private int outstanding() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM follow_up", Integer.class);
    }

    private long expiryMessages() {
        return Messaging.HOLD_TIERS.stream().mapToLong(tier -> rabbit.execute(channel -> channel.queueDeclarePassive(
                Messaging.holdQueue(tier).getName()).getMessageCount())).sum();
    }
}
