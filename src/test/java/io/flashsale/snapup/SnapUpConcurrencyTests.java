package io.flashsale.snapup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.Stampede;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

@FlashsaleTest
class SnapUpConcurrencyTests {

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void sellsExactlyTheStockWhenTwoThousandBuyersPressAtOnce() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(100);
        request.put("quantityLimit", 1);
        long sale = api.createSale(request);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            tokens.add(api.buyerToken());
        }

        Stampede.Result result = Stampede.run(api.baseUrl(), sale, tokens);

        assertThat(result.count(202)).isEqualTo(100);
        assertThat(result.count(409)).isEqualTo(1_900);
        assertThat(result.statuses().keySet()).containsOnly(202, 409);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? AND status = 'CHECKOUT'",
                Integer.class, sale)).isEqualTo(100));
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT user_id) FROM checkout WHERE promotion_variant_id = ?",
                Integer.class, sale)).isEqualTo(100);
        assertThat(jdbc.queryForMap("SELECT reserved, sold FROM promotion_variant WHERE id = ?", sale))
                .containsEntry("reserved", 100).containsEntry("sold", 0);
        assertThat(live.available(sale)).isEqualTo("0");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> live.queued(sale) == 0); // none still queued
    }

    @Test
    void letsOneBuyerWithFiftyParallelRequestsHaveOnlyTheirLimit() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(100);
        request.put("quantityLimit", 2);
        long sale = api.createSale(request);
        List<String> tokens = new ArrayList<>(Collections.nCopies(50, api.buyerToken()));

        Stampede.Result result = Stampede.run(api.baseUrl(), sale, tokens);

        assertThat(result.count(202)).isEqualTo(2);
        assertThat(result.statuses().keySet()).containsOnly(202, 409, 429); // over the limit, or rate limited
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COALESCE(SUM(quantity), 0) FROM checkout WHERE promotion_variant_id = ?",
                Integer.class, sale)).isEqualTo(2));
        assertThat(live.available(sale)).isEqualTo("98");
    }
}
