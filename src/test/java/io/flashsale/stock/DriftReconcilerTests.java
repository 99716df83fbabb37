package io.flashsale.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.flashsale.identity.Role;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.Stampede;
import io.flashsale.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@FlashsaleTest
class DriftReconcilerTests {

    private static final long BUYER = 1_900_000_201L;
    private static final long STUCK_BUYER = 1_900_000_202L;

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void repairsWhatAProcessDeathLeftBehindAndCountsIt() {
        long sale = api.createSale(TestApi.saleRequest(10));
        api.snapUpAccepted(api.tokenFor(BUYER, Role.USER), sale);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.queued(sale) == 0 && written(sale) == 1);
        // what the kill -9 runs left: a unit neither available nor sold, a buyer counted with no checkout
        live.addToAvailable(sale, -1);
        live.setBought(sale, STUCK_BUYER, 1);
        double units = counter("found", "available");
        double buyers = counter("repaired", "buyers");

        assertThat(live.reconcile()).isEqualTo(1);

        assertThat(live.available(sale)).isEqualTo("9");
        assertThat(live.bought(sale, STUCK_BUYER)).isNull();
        assertThat(live.bought(sale, BUYER)).isEqualTo("1");
        assertThat(counter("found", "available") - units).isEqualTo(1);
        assertThat(counter("repaired", "buyers") - buyers).isEqualTo(1);
        assertThat(live.reconcile()).as("repaired for good").isZero();
        api.snapUp(api.tokenFor(STUCK_BUYER, Role.USER), sale, 1).expectStatus().isEqualTo(202); // no longer stuck
    }

    @Test
    void aReconcilerRunningThroughAStampedeNeitherCreatesNorLosesAUnit() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(120);
        request.put("quantityLimit", 1);
        long sale = api.createSale(request);
        live.addToAvailable(sale, -3); // three units lost before the stampede: the reconciler must bring back exactly 3
        double repairedBefore = counter("repaired", "available");
        double buyersBefore = counter("repaired", "buyers");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            tokens.add(api.buyerToken());
        }

        AtomicBoolean running = new AtomicBoolean(true);
        Stampede.Result result;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> passes = threads.submit(() -> {
                int n = 0;
                while (running.get()) {
                    live.reconcile();
                    n++;
                }
                return n;
            });
            result = Stampede.run(api.baseUrl(), sale, tokens);
            await().atMost(Duration.ofSeconds(30)).until(() -> live.queued(sale) == 0
                    && written(sale) == result.count(202));
            running.set(false);
            assertThat(passes.get()).isPositive();
        }
        live.reconcile(); // once more, at rest

        Map<String, Object> record = jdbc.queryForMap("SELECT stock, reserved, sold FROM promotion_variant WHERE id = ?",
                sale);
        int reserved = ((Number) record.get("reserved")).intValue();
        assertThat(reserved).as("every 202 is one written unit").isEqualTo(result.count(202)).isLessThanOrEqualTo(120);
        assertThat(Long.parseLong(live.available(sale))).as("stock = available + reserved + sold")
                .isEqualTo(120L - reserved);
        assertThat(live.buyers(sale)).as("one count per buyer with a checkout").isEqualTo(reserved);
        assertThat(counter("repaired", "available") - repairedBefore).as("exactly the lost units").isEqualTo(3);
        assertThat(counter("repaired", "buyers") - buyersBefore).as("no buyer's count ever wrong").isZero();
    }

    private int written(long sale) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? AND status = 'CHECKOUT'",
                Integer.class, sale);
    }

    private double counter(String what, String kind) {
        return meters.counter("flashsale.stock.drift." + what, "kind", kind).count();
    }
}
