package io.flashsale.cluster;

import static io.flashsale.cluster.LocalCluster.BALANCER;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long form, run by hand on {@code bin/cluster up --replicas} (three RabbitMQ nodes, three Redis masters each
 * with a replica): mid-sale, one RabbitMQ node and then the Redis master of the sale's slot are killed; no checkout
 * that was accepted (202) is lost, nothing is sold twice or above the stock, nobody passes the limit.
 */
@Tag("cluster-failover")
class ClusterFailoverTests {

    private static LocalCluster cluster;

    @BeforeAll
    static void connect() throws Exception {
        cluster = new LocalCluster();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @Test
    void killingARabbitNodeAndARedisMasterMidSaleLosesNoAcceptedCheckout() throws Exception {
        long sale = cluster.createSale(400, 1);
        int buyers = 1_200;
        Map<Long, Integer> answers = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < buyers; i++) {
                long buyer = cluster.newUser();
                String token = cluster.buyerToken(buyer);
                String address = "127.6." + i / 250 + "." + (i % 250 + 1);
                all.add(CompletableFuture.runAsync(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        answers.put(buyer, cluster.snapUp(BALANCER, token, sale, address));
                    } catch (Exception e) {
                        answers.put(buyer, -1);
                    } finally {
                        sent.incrementAndGet();
                        inFlight.release();
                    }
                }, senders));
                Thread.sleep(5); // a steady stream, some 200 a second at most
                if (i == buyers / 3) {
                    run("bin/cluster", "kill-rabbit", "1"); // the node the instances are connected to
                }
                if (i == 2 * buyers / 3) {
                    String slot = Long.toString(cluster.redis().clusterKeyslot("{pv:" + sale + "}:sale"));
                    run("bin/cluster", "kill-redis", masterPortOf(Integer.parseInt(slot)));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        }
        List<Long> accepted = answers.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey)
                .toList();
        System.out.printf("answers: %s%n", answers.values().stream().collect(
                java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting())));
        assertThat(accepted).isNotEmpty();
        try (Connection db = cluster.database()) {
            // every accepted checkout is written, in the end: none lost with the node or the master
            Awaitility.await().atMost(3, TimeUnit.MINUTES).pollInterval(2, TimeUnit.SECONDS).until(() ->
                    count(db, "SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = " + sale) >= accepted.size());
            for (long buyer : accepted) {
                assertThat(count(db, "SELECT COUNT(*) FROM checkout WHERE status = 'CHECKOUT' AND user_id = '" + buyer
                        + "' AND promotion_variant_id = " + sale)).as("buyer %d's accepted checkout", buyer)
                        .isEqualTo(1);
            }
            assertThat(count(db, "SELECT reserved + sold FROM promotion_variant WHERE id = " + sale))
                    .isLessThanOrEqualTo(400);
            assertThat(count(db, "SELECT COUNT(*) FROM (SELECT user_id FROM checkout WHERE status = 'CHECKOUT'"
                    + " AND promotion_variant_id = " + sale + " GROUP BY user_id HAVING SUM(quantity) > 1) o"))
                    .isZero();
        }
    }

    private String masterPortOf(int slot) {
        for (String line : cluster.redis().clusterNodes().lines().toList()) {
            String[] fields = line.split(" ");
            if (fields[2].contains("master") && !fields[2].contains("fail")) {
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    if (slot >= from && slot <= to) {
                        return fields[1].replaceAll(".*:(\\d+)@.*", "$1");
                    }
                }
            }
        }
        throw new AssertionError("no master serves slot " + slot);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    private static long count(Connection db, String sql) throws Exception {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
