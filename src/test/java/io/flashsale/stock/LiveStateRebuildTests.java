package io.flashsale.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.Stampede;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

@FlashsaleTest
class LiveStateRebuildTests {

    @Autowired
    TestApi api;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    LiveStateProbe live;

    @Autowired
    RabbitListenerEndpointRegistry listeners;

    @Test
    void rebuildsALostLiveStateOnceTheQueueDrainedAndStillNeverOversells() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(50);
        request.put("quantityLimit", 1);
        long sale = api.createSale(request);
        List<String> firstWave = tokens(30);
        listeners.getListenerContainer("checkoutWorker").stop(); // checkouts wait in the queue…
        try {
            assertThat(Stampede.run(api.baseUrl(), sale, firstWave).count(202)).isEqualTo(30);
            redis.execute(connection -> {
                connection.serverCommands().flushDb(); // …when Redis loses everything
                return null;
            }, true);

            api.snapUp(api.buyerToken(), sale, 1).expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAVAILABLE"); // admission is paused
            assertThat(live.rebuildLost()).as("no rebuild while checkouts are queued").isZero();
        } finally {
            listeners.getListenerContainer("checkoutWorker").start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> live.rebuildLost() == 1);

        assertThat(live.available(sale)).isEqualTo("20");
        api.snapUp(firstWave.getFirst(), sale, 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("LIMIT_EXCEEDED"); // what each buyer has is rebuilt too

        Stampede.Result secondWave = Stampede.run(api.baseUrl(), sale, tokens(100));

        assertThat(secondWave.count(202)).isEqualTo(20);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? AND status = 'CHECKOUT'",
                Integer.class, sale)).isEqualTo(50));
        assertThat(jdbc.queryForMap("SELECT stock, reserved, sold FROM promotion_variant WHERE id = ?", sale))
                .containsEntry("reserved", 50).containsEntry("sold", 0);
        assertThat(live.available(sale)).isEqualTo("0");
    }

    private List<String> tokens(int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(api.buyerToken());
        }
        return tokens;
    }
}
