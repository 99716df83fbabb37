package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.Messaging;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The expiry messages on the wire: one per deadline and batch, and an earlier version's still read. */
@FlashsaleTest
class ExpiryMessageTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    ExpiryTimer expiryTimer;

    @Autowired
    CheckoutSettings settings;

    @Test
    void holdsEndingAtTheSameSecondAreOneMessagePerBatchOfThem() {
        Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
        Map<CheckoutId, Instant> deadlines = new HashMap<>();
        int together = settings.batchSize() * 2 + 1;
        for (int i = 0; i < together; i++) {
            deadlines.put(CheckoutId.random(), later);
        }
        deadlines.put(CheckoutId.random(), later.plusSeconds(1));
        deadlines.put(CheckoutId.random(), later.plusSeconds(1));

        expiryTimer.scheduleAll(deadlines);

        // three messages for the first deadline (a batch, a batch, one), one for the next
        await().atMost(Duration.ofSeconds(5)).until(() -> holdMessages() == 4);
        List<Integer> sizes = new ArrayList<>();
        Message message;
        String queue = Messaging.holdQueue(ExpiryTimer.tier(Instant.now(), later)).getName();
        while ((message = rabbit.receive(queue)) != null) {
            ExpiryTimer.HoldsEnded holds = (ExpiryTimer.HoldsEnded) rabbit.getMessageConverter().fromMessage(message);
            sizes.add(holds.checkoutIds().size());
        }
        assertThat(sizes).containsExactlyInAnyOrder(settings.batchSize(), settings.batchSize(), 1, 2);
    }

    @Test
    void anEarlierVersionsMessageOfOneCheckoutStillExpiresIt() {
        long sale = api.createSale(TestApi.saleRequest(3));
        Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        CheckoutId withDeadline = written(sale, 2_100_000_001L, due);
        CheckoutId withoutDeadline = written(sale, 2_100_000_002L, due);
        CheckoutId afterUnreadable = written(sale, 2_100_000_003L, due);
        jdbc.update("UPDATE promotion_variant SET reserved = 3 WHERE id = ?", sale);
        live.setAvailable(sale, 0);

        expiryMessage("{\"checkoutId\":\"" + withDeadline + "\",\"deadline\":\"" + due + "\"}");
        expiryMessage("{\"checkoutId\":\"" + withoutDeadline + "\"}");
        expiryMessage("{\"checkoutIds\":"); // cut short: dropped, and nothing after it is held up
        expiryMessage("{\"checkoutIds\":[\"" + afterUnreadable + "\"],\"deadline\":\"" + due + "\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(live.available(sale)));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? "
                + "AND status = 'EXPIRED'", Integer.class, sale)).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale))
                .isZero();
    }

    private CheckoutId written(long sale, long buyer, Instant deadline) {
        CheckoutId checkoutId = CheckoutId.random();
        jdbc.update("INSERT INTO checkout (checkout_id, user_id, promotion_variant_id, quantity, unit_price, status, "
                + "expires_at, hold_seconds, created_at) VALUES (?, ?, ?, 1, 800.00, 'CHECKOUT', ?, 60, ?)",
                checkoutId.toString(), buyer, sale, Timestamp.from(deadline), Timestamp.from(Instant.now()));
        return checkoutId;
    }

    /** A message as an earlier version sent it: its type header names the one-checkout record. */
    private void expiryMessage(String body) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setHeader("__TypeId__", "io.flashsale.checkout.ExpiryTimer$HoldEnded");
        rabbit.send(Messaging.CHECKOUT_EXCHANGE, Messaging.EXPIRY,
                new Message(body.getBytes(StandardCharsets.UTF_8), properties));
    }

    private long holdMessages() {
        return Messaging.HOLD_TIERS.stream().mapToLong(tier -> rabbit.execute(channel -> channel.queueDeclarePassive(
                Messaging.holdQueue(tier).getName()).getMessageCount())).sum();
    }
}
