package io.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.flashsale.identity.Role;
import io.flashsale.shared.ClusterSettings;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A sale's waiting room through the real endpoints, Redis, the database and the socket. */
@FlashsaleTest
class WaitingRoomTests {

    private static long nextUser = 2_000_000_000L + Instant.now().getEpochSecond() % 100_000 * 10_000;

    @Autowired
    TestApi api;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    LaneCapacity capacity;

    @Autowired
    ClusterSettings cluster;

    @Test
    void aPassLetsOnlyItsBuyerThroughOnlyForItsSale() {
        long sale = api.createSale(TestApi.saleRequest(10));
        long other = api.createSale(TestApi.saleRequest(10));
        room(sale, true, 60, 1000);
        room(other, true, 60, 1000);
        String alice = buyer();
        String bob = buyer();
        join(alice, sale);
        String pass = awaitPass(alice, sale);

        refused(snapUp(bob, sale, null), 409, "WAITING_ROOM");
        refused(snapUp(bob, sale, pass), 400, "INVALID_PASS");
        refused(snapUp(alice, other, pass), 400, "INVALID_PASS");
        refused(snapUp(alice, sale, pass.substring(0, pass.length() - 2) + (pass.endsWith("AA") ? "BB" : "AA")),
                400, "INVALID_PASS");
        snapUp(alice, sale, pass).expectStatus().isAccepted();

        room(sale, false, 60, 1000);
        snapUp(bob, sale, null).expectStatus().isAccepted(); // off: the snap-up is as before
    }

    @Test
    void theDrawIsAPermutationOfThoseWhoCameBeforeTheStartReproducibleFromItsSeedAndLaterArrivalsKeepTheirOrder() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.HOURS);
        long sale = api.createSale(sale(100, start));
        room(sale, true, 7200, 1000);
        List<Long> early = users(25);
        early.forEach(user -> {
            Map<String, Object> joined = join(api.tokenFor(user, Role.USER), sale);
            assertThat(joined.get("state")).isEqualTo("WAITING");
            assertThat(joined.get("position")).isNull();
        });
        join(api.tokenFor(early.getFirst(), Role.USER), sale); // joining again changes nothing
        startSoon(sale); // the operator brings the start forward: the draw follows it

        await().atMost(Duration.ofSeconds(20)).until(() -> operatorView(sale).get("drawSeed") != null);
        long seed = Long.parseLong((String) operatorView(sale).get("drawSeed"));
        List<String> arrivals = redis.opsForList().range(RoomKeys.of(id(sale)).arrivals(), 0, -1);
        assertThat(arrivals).containsExactlyElementsOf(early.stream().map(String::valueOf).toList());
        Map<Object, Object> positions = redis.opsForHash().entries(RoomKeys.of(id(sale)).positions());
        assertThat(positions.values().stream().map(p -> Long.parseLong(p.toString())).sorted())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 25).boxed().toList());
        List<String> reproduced = Draw.order(arrivals, seed);
        for (int k = 0; k < reproduced.size(); k++) {
            assertThat(positions.get(reproduced.get(k))).isEqualTo(Integer.toString(k + 1));
        }
        assertThat(operatorView(sale).get("drawnCount")).isEqualTo(25);

        List<Long> late = new ArrayList<>();
        for (long user : users(6)) {
            late.add(((Number) join(api.tokenFor(user, Role.USER), sale).get("position")).longValue());
        }
        assertThat(late).containsExactly(26L, 27L, 28L, 29L, 30L, 31L);
    }

    @Test
    void theWholeRoomIsToldSoldOutAtOnceAndTheLineMovesAgainWhenStockComesBack() throws Exception {
        Map<String, Object> request = TestApi.saleRequest(1);
        request.put("quantityLimit", 1);
        long sale = api.createSale(request);
        room(sale, true, 60, 1);
        List<String> buyers = List.of(buyer(), buyer(), buyer(), buyer(), buyer());
        List<StompTestClient> sockets = new ArrayList<>();
        List<BlockingQueue<Map<String, Object>>> queues = new ArrayList<>();
        try {
            for (String buyer : buyers) {
                join(buyer, sale);
                StompTestClient socket = StompTestClient.connect(api.baseUrl(), buyer);
                sockets.add(socket);
                queues.add(socket.subscribe("/user/queue/waiting-room/" + sale));
            }
            BlockingQueue<Map<String, Object>> topic = sockets.getFirst()
                    .subscribe("/topic/promotion-variants/" + sale + "/room");
            String pass = awaitPass(buyers.getFirst(), sale);
            snapUp(buyers.getFirst(), sale, pass).expectStatus().isAccepted();

            List<Long> toldAt = new ArrayList<>();
            for (BlockingQueue<Map<String, Object>> queue : queues) {
                Map<String, Object> told = nextInState(queue, "SOLD_OUT");
                assertThat(told.get("pass")).isNull();
                toldAt.add(System.nanoTime());
            }
            assertThat(nextInState(topic, "SOLD_OUT").get("promotionVariantId")).isEqualTo((int) sale);
            // one tick tells everyone: the last heard it within a second of the first
            assertThat(toldAt.getLast() - toldAt.getFirst()).isLessThan(TimeUnit.SECONDS.toNanos(1));
            for (String buyer : buyers) {
                assertThat(place(buyer, sale).get("state")).isEqualTo("SOLD_OUT");
            }

            api.client().patch().uri("/api/admin/promotion-variants/" + sale)
                    .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("stock", 2))
                    .exchange().expectStatus().isOk();
            for (BlockingQueue<Map<String, Object>> queue : queues) {
                nextInState(queue, "SERVING");
            }
        } finally {
            sockets.forEach(StompTestClient::close);
        }
    }

    @Test
    void aRoomThatFollowsTheLanesServesAtTheClusterCapacityCappedByTheOperatorsRate() {
        long sale = api.createSale(TestApi.saleRequest(10));
        Map<String, Object> terms = Map.of("enabled", true, "opensBeforeSeconds", 60, "ratePerSecond", 7,
                "rateFollowsLane", true);
        api.client().put().uri("/api/admin/promotion-variants/" + sale + "/waiting-room")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON).body(terms)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.rateFollowsLane").isEqualTo(true);
        // the lanes here can take far more than 7 a second (the tests' lane is a fixed 10,000): the cap serves
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(7).equals(
                operatorView(sale).get("servingRatePerSecond")));
        room(sale, true, 60, 7); // left out: the rate no longer follows
        assertThat(operatorView(sale)).containsEntry("rateFollowsLane", false);
    }

    @Test
    void theLanesCapacityIsTheSumOfEveryInstancesFreshFigure() {
        Long now = redis.execute((RedisCallback<Long>) c -> c.serverCommands()
                .time());
        redis.opsForHash().put(LaneCapacity.KEY, "another-instance", "500.0:" + now);
        redis.opsForHash().put(LaneCapacity.KEY, "a-stopped-instance", "900.0:" + (now - 60_000));

        LaneCapacity.Reading reading = capacity.cluster();

        Map<Object, Object> figures = redis.opsForHash().entries(LaneCapacity.KEY);
        assertThat(figures).doesNotContainKey("a-stopped-instance").containsKey("another-instance");
        String mine = (String) figures.get(cluster.instanceId());
        double own = Double.parseDouble(mine.substring(0, mine.indexOf(':')));
        assertThat(own).isPositive();
        assertThat(reading.instances()).isEqualTo(2);
        assertThat(reading.perSecond()).isCloseTo(own + 500, within(1e-6));
        redis.opsForHash().delete(LaneCapacity.KEY, "another-instance");
    }

    @Test
    void joiningBeforeTheRoomOpensOrWhereThereIsNoRoomIsRefused() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.HOURS);
        long sale = api.createSale(sale(10, start));
        String buyer = buyer();
        refused(api.client().post().uri("/api/waiting-rooms/" + sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(buyer)).exchange(), 404, "NOT_FOUND");
        room(sale, true, 60, 10);
        RestTestClient.ResponseSpec early = api.client().post().uri("/api/waiting-rooms/" + sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(buyer)).exchange();
        early.expectHeader().exists(HttpHeaders.RETRY_AFTER);
        refused(early, 409, "ROOM_NOT_OPEN");
        refused(api.client().put().uri("/api/admin/promotion-variants/" + sale + "/waiting-room")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("enabled", true, "opensBeforeSeconds", 60, "ratePerSecond", 0))
                .exchange(), 400, "VALIDATION_FAILED");
    }

    private void startSoon(long sale) {
        api.client().patch().uri("/api/admin/promotion-variants/" + sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("startsAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString()))
                .exchange().expectStatus().isOk();
    }

    private Map<String, Object> nextInState(BlockingQueue<Map<String, Object>> queue, String state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Map<String, Object> told = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (told != null && state.equals(told.get("state"))) {
                return told;
            }
        }
        throw new AssertionError("Not told " + state + " within 10 s");
    }

    private String awaitPass(String buyer, long sale) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> (String) place(buyer, sale).get("pass"),
                pass -> pass != null);
    }

    private RestTestClient.ResponseSpec snapUp(String token, long sale, String pass) {
        RestTestClient.RequestBodySpec request = api.client().post().uri("/api/snap-up/checkouts")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(token))
                .contentType(MediaType.APPLICATION_JSON);
        if (pass != null) {
            request = request.header("Flashsale-Pass", pass);
        }
        return request.body(Map.of("promotionVariantId", sale, "quantity", 1)).exchange();
    }

    private static void refused(RestTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code);
    }

    private Map<String, Object> join(String token, long sale) {
        return api.client().post().uri("/api/waiting-rooms/" + sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(token))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    private Map<String, Object> place(String token, long sale) {
        return api.client().get().uri("/api/waiting-rooms/" + sale)
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(token))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    private void room(long sale, boolean enabled, int opensBeforeSeconds, int ratePerSecond) {
        api.client().put().uri("/api/admin/promotion-variants/" + sale + "/waiting-room")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("enabled", enabled, "opensBeforeSeconds", opensBeforeSeconds,
                        "ratePerSecond", ratePerSecond))
                .exchange().expectStatus().isOk();
    }

    private Map<String, Object> operatorView(long sale) {
        return api.client().get().uri("/api/admin/promotion-variants/" + sale + "/waiting-room")
                .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                .exchange().expectStatus().isOk().returnResult(TestApi.JSON).getResponseBody();
    }

    private static Map<String, Object> sale(int stock, Instant startsAt) {
        Map<String, Object> request = new HashMap<>(TestApi.saleRequest(stock));
        request.put("startsAt", startsAt.toString());
        return request;
    }

    private String buyer() {
        return api.tokenFor(users(1).getFirst(), Role.USER);
    }

    private static synchronized List<Long> users(int count) {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(++nextUser);
        }
        return users;
    }

    private static io.flashsale.shared.PromotionVariantId id(long sale) {
        return io.flashsale.shared.PromotionVariantId.of(sale);
    }
}
