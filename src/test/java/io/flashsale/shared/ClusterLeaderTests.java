package io.flashsale.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The leader lease on the test Redis: one holder at a time, and a successor once the holder stops renewing. */
class ClusterLeaderTests {

    private final StringRedisTemplate redis = RedisBuckets.shared().template();

    @Test
    void oneInstanceLeadsAndAnotherTakesOverWhenItStops() throws Exception {
        String key = "flashsale:test-leader:" + UUID.randomUUID();
        ClusterLeader a = leader("a", key);
        ClusterLeader b = leader("b", key);
        assertThat(a.isLeader()).as("not before it holds the lease").isFalse();
        redis.hasKey(key); // connected: the first renewal is not slowed by the connection
        a.renew();
        b.renew();
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();

        a.renew(); // renewed: still a's
        b.renew();
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        int[] runs = {0, 0};
        a.ifLeader(() -> runs[0]++);
        b.ifLeader(() -> runs[1]++);
        assertThat(runs).containsExactly(1, 0);

        Thread.sleep(3_200); // a stops renewing: its lease (3 s) lapses, and a no longer counts itself leader
        assertThat(a.isLeader()).isFalse();
        b.renew();
        assertThat(b.isLeader()).isTrue();
        a.renew();
        assertThat(a.isLeader()).isFalse();
        assertThat(redis.opsForValue().get(key)).isEqualTo("b");
        redis.delete(key);
    }

    private ClusterLeader leader(String instance, String key) {
        return new ClusterLeader(redis, new ClusterSettings(instance, Duration.ofSeconds(3), Duration.ofSeconds(1)),
                key);
    }
}
