package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import io.flashsale.shared.Messaging;
import io.flashsale.support.FlashsaleTest;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The drain check before a rebuild sees the whole cluster: another instance's worker busy, or a consumer on the order
 * queue that no instance reports (it may hold unacknowledged messages), holds the rebuild back; a report of an
 * instance long gone does not.
 */
@FlashsaleTest
class ClusterDrainTests {

    @Autowired
    WrittenHolds holds;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    ConnectionFactory rabbit;

    @Test
    void anotherInstancesBusyWorkerHoldsTheRebuildBack() throws Exception {
        // the other instance reports every half second: still busy
        assertNeverAllWritten(() -> redis.opsForHash().put(WorkerReports.KEY, "other", report(3, Instant.now())));
        redis.opsForHash().put(WorkerReports.KEY, "other", report(0, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            redis.opsForHash().put(WorkerReports.KEY, "other", report(0, Instant.now()));
            return holds.allWritten();
        });
    }

    @Test
    void aConsumerNoInstanceReportsHoldsTheRebuildBack() throws Exception {
        try (Connection connection = rabbit.createConnection();
                Channel channel = connection.createChannel(false)) {
            channel.basicQos(10);
            String tag = channel.basicConsume(Messaging.ORDERS, false, new DefaultConsumer(channel));
            assertNeverAllWritten(() -> { });
            channel.basicCancel(tag);
        }
        await().atMost(Duration.ofSeconds(10)).until(holds::allWritten);
    }

    @Test
    void aReportOfAnInstanceLongGoneIsLeftOutAndRemoved() {
        redis.opsForHash().put(WorkerReports.KEY, "gone", report(5, Instant.now().minusSeconds(60)));
        await().atMost(Duration.ofSeconds(10)).until(holds::allWritten);
        assertThat(redis.opsForHash().hasKey(WorkerReports.KEY, "gone")).isFalse();
    }

    /** For three seconds, polled as the rebuild would, the orders are never all written. */
    private void assertNeverAllWritten(Runnable meanwhile) throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            meanwhile.run();
            assertThat(holds.allWritten()).isFalse();
            Thread.sleep(500);
        }
    }

    private static String report(int inFlight, Instant at) {
        return new WorkerReports.Report("other", inFlight, 7, 1, at.toEpochMilli()).toString();
    }
}
