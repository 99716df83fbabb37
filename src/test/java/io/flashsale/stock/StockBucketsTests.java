package io.flashsale.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.flashsale.identity.Role;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.Stampede;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/** One promotion variant's live stock split over several buckets (hash tags), against the real servers. */
@FlashsaleTest
class StockBucketsTests {

    private static final int BUCKETS = 3;

    @Autowired
    TestApi api;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveStateProbe live;

    @Autowired
    RabbitListenerEndpointRegistry listeners;

    @Test
    void aSaleOfThreeBucketsSellsEveryUnitExactlyOnceAndKeepsEachBuyersLimit() throws Exception {
        long sale = createSale(100, 1);
        List<Long> buyers = newBuyers(400);
        List<String> tokens = new ArrayList<>(buyers.stream().map(this::token).toList());
        tokens.addAll(buyers.subList(0, 100).stream().map(this::token).toList()); // a second press by 100 of them

        Stampede.Result result = Stampede.run(api.baseUrl(), sale, tokens);

        assertThat(result.count(202)).isEqualTo(100);
        assertThat(result.count(202) + result.count(409)).isEqualTo(tokens.size());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? AND status = 'CHECKOUT'",
                Integer.class, sale)).isEqualTo(100));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ? GROUP BY "
                + "user_id ORDER BY COUNT(*) DESC LIMIT 1", Integer.class, sale)).as("nobody above the limit")
                .isEqualTo(1);
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            assertThat(live.field(sale, bucket, "available")).as("bucket %d", bucket).isEqualTo("0");
        }
        assertThat(IntStream.range(0, BUCKETS).map(b -> Integer.parseInt(live.field(sale, b, "stock"))).sum())
                .as("the buckets' shares still add up to the stock").isEqualTo(100);
        // every buyer's count lives in their own bucket, and only there
        for (long buyer : buyers.subList(0, 50)) {
            int home = LiveStateProbe.bucketOf(buyer, BUCKETS);
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                if (bucket != home) {
                    assertThat(live.bought(sale, bucket, buyer)).isNull();
                }
            }
        }
        assertThat(live.reconcile()).as("no drift from the record").isZero();
    }

    @Test
    void aDryBucketTakesStockFromTheOthersSoNobodyIsRefusedWhileUnitsRemain() {
        long sale = createSale(6, 1);
        List<Long> sameBucket = newBuyers(2_000).stream().filter(b -> LiveStateProbe.bucketOf(b, BUCKETS) == 0)
                .limit(7).toList(); // bucket 0's share is 2 of the 6 units

        for (long buyer : sameBucket.subList(0, 6)) {
            api.snapUp(token(buyer), sale, 1).expectStatus().isAccepted();
        }
        api.snapUp(token(sameBucket.get(6)), sale, 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SOLD_OUT");

        assertThat(live.received(sale, 0)).as("moves bucket 0 took").isPositive();
        assertThat(live.field(sale, 0, "stock")).isEqualTo("6");
        assertThat(live.field(sale, 1, "stock")).isEqualTo("0");
        assertThat(live.field(sale, 2, "stock")).isEqualTo("0");
        assertThat(live.pendingMoves(sale, 1) + live.pendingMoves(sale, 2)).as("every move completed").isZero();
    }

    @Test
    void aMoveAProcessLeftHalfDoneIsCompletedByTheReaperExactlyOnce() {
        long sale = createSale(30, 1);
        long given = live.giveHalfAMove(sale, 1, 2, 1, Instant.now().minusSeconds(60));
        assertThat(given).isEqualTo(5); // half of bucket 1's 10
        assertThat(live.field(sale, 1, "stock")).isEqualTo("5");
        assertThat(live.field(sale, 2, "stock")).as("not taken yet").isEqualTo("10");

        live.reap();
        live.reap();

        assertThat(live.field(sale, 2, "stock")).isEqualTo("15");
        assertThat(live.field(sale, 2, "available")).isEqualTo("15");
        assertThat(live.pendingMoves(sale, 1)).isZero();
        assertThat(live.received(sale, 2)).isEqualTo(1);
        assertThat(live.reconcile()).as("no drift from the record").isZero();
    }

    @Test
    void theReconcilerRepairsADriftedBucketAgainstItsOwnShare() {
        long sale = createSale(30, 1);
        List<Long> buyers = newBuyers(12);
        buyers.forEach(buyer -> api.snapUp(token(buyer), sale, 1).expectStatus().isAccepted());
        await().atMost(Duration.ofSeconds(20)).until(() -> live.reconcile() == 0);
        String before = live.field(sale, 2, "available");

        live.setBucketAvailable(sale, 2, Long.parseLong(before) + 4); // as a give-back done twice would leave it

        assertThat(live.reconcile()).isEqualTo(1);
        assertThat(live.field(sale, 2, "available")).isEqualTo(before);
        assertThat(live.reconcile()).isZero();
    }

    @Test
    void losingOneBucketPausesEveryBucketAndTheRebuildCountsAllFromTheRecord() throws Exception {
        long sale = createSale(30, 1);
        List<Long> firstWave = newBuyers(12);
        listeners.getListenerContainer("checkoutWorker").stop(); // checkouts wait in the queue…
        try {
            firstWave.forEach(buyer -> api.snapUp(token(buyer), sale, 1).expectStatus().isAccepted());
            live.lose(sale, 1); // …when the shard of bucket 1 loses it

            assertThat(live.rebuildLost()).as("no rebuild while checkouts are queued").isZero();
            long elsewhere = newBuyers(2_000).stream().filter(b -> LiveStateProbe.bucketOf(b, BUCKETS) == 2)
                    .findFirst().orElseThrow();
            api.snapUp(token(elsewhere), sale, 1).expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAVAILABLE"); // the other buckets are paused
        } finally {
            listeners.getListenerContainer("checkoutWorker").start();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> live.rebuildLost() == 1);

        int available = IntStream.range(0, BUCKETS).map(b -> Integer.parseInt(live.field(sale, b, "available")))
                .sum();
        assertThat(available).isEqualTo(18);
        assertThat(IntStream.range(0, BUCKETS).map(b -> Integer.parseInt(live.field(sale, b, "stock"))).sum())
                .isEqualTo(30);
        for (long buyer : firstWave) { // what each buyer has is rebuilt too, in their own bucket
            api.snapUp(token(buyer), sale, 1).expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.code").isEqualTo("LIMIT_EXCEEDED");
        }

        Stampede.Result secondWave = Stampede.run(api.baseUrl(), sale,
                newBuyers(60).stream().map(this::token).toList());

        assertThat(secondWave.count(202)).isEqualTo(18);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale)).isEqualTo(30));
        assertThat(live.reconcile()).isZero();
    }

    @Test
    void aStockCutBeyondBucketZerosShareIsTakenFromTheOthersAtOnce() throws Exception {
        long sale = createSale(30, 1); // shares 10, 10, 10
        api.client().patch().uri("/api/admin/promotion-variants/{id}", sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("stock", 12)).exchange()
                .expectStatus().isOk();

        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            assertThat(Integer.parseInt(live.field(sale, bucket, "available"))).as("bucket %d", bucket)
                    .isNotNegative();
        }
        assertThat(IntStream.range(0, BUCKETS).map(b -> Integer.parseInt(live.field(sale, b, "stock"))).sum())
                .isEqualTo(12);
        Stampede.Result result = Stampede.run(api.baseUrl(), sale, newBuyers(60).stream().map(this::token).toList());
        assertThat(result.count(202)).as("no bucket admits units the sale no longer has").isEqualTo(12);
    }

    @Test
    void aBucketLeftPausedOrOfAnotherEpochIsRebuiltWithTheOthers() {
        long sale = createSale(30, 1);
        live.setBucketField(sale, 1, "paused", "1"); // as a rebuild that failed half way leaves it
        live.setBucketField(sale, 2, "epoch", "12345");

        await().atMost(Duration.ofSeconds(20)).until(() -> { // once the queue is quiet
            live.rebuildLost();
            return live.field(sale, 1, "paused") == null;
        });

        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            assertThat(live.field(sale, bucket, "paused")).isNull();
            assertThat(live.field(sale, bucket, "epoch")).isEqualTo(live.field(sale, 0, "epoch"));
        }
        assertThat(live.field(sale, 0, "epoch")).isNotEqualTo("0");
        api.snapUp(token(newBuyers(1).getFirst()), sale, 1).expectStatus().isAccepted();
    }

    @Test
    void theBucketsAreChosenAtCreationAndKeptOutOfReachOfAnEdit() {
        Map<String, Object> tooMany = TestApi.saleRequest(10);
        tooMany.put("stockBuckets", 17);
        postSale(tooMany).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                .jsonPath("$.errors[0].field").isEqualTo("stockBuckets");

        long sale = createSale(10, 1);
        api.client().get().uri("/api/admin/promotion-variants/{id}", sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.stockBuckets").isEqualTo(BUCKETS);
        api.client().patch().uri("/api/admin/promotion-variants/{id}", sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("stockBuckets", 1)).exchange()
                .expectStatus().isBadRequest();
        assertThat(live.field(sale, 0, "buckets")).isEqualTo("3");
        assertThat(live.field(sale, 2, "stock")).isEqualTo("3"); // 10 split 4, 3, 3
    }

    private long createSale(int stock, int limit) {
        Map<String, Object> request = TestApi.saleRequest(stock);
        request.put("quantityLimit", limit);
        request.put("stockBuckets", BUCKETS);
        return api.createSale(request);
    }

    private RestTestClient.ResponseSpec postSale(Map<String, Object> request) {
        return api.client().post().uri("/api/admin/promotion-variants")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(request).exchange();
    }

    /** Buyer ids no other test uses (a random range far above the counter of {@link TestApi#buyerToken()}). */
    private static List<Long> newBuyers(int count) {
        long first = 5_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        return IntStream.range(0, count).mapToObj(i -> first + i).toList();
    }

    private String token(long buyer) {
        return api.tokenFor(buyer, Role.USER);
    }
}
