package io.flashsale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SIGTERM under load: a second instance, started as its own JVM, takes snap-ups until it is sent SIGTERM. It stops
 * admitting (503), finishes what it accepted, and exits; every 202 it gave becomes exactly one checkout (written by
 * it, or waiting in the queue for the next instance, played here by this test's own worker), and the live state
 * agrees with the record.
 */
@FlashsaleTest
class GracefulShutdownTests {

    private static final Pattern CHECKOUT_ID = Pattern.compile("\"checkoutId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Autowired
    TestApi api;

    @Autowired
    LiveStateProbe live;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RabbitListenerEndpointRegistry listeners;

    @Test
    void anInstanceSentSigtermUnderLoadLosesNothingItAccepted() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(100_000));
        int port = freePort();
        listeners.stop(); // this instance's worker waits: only the other instance writes until it is gone
        Process other = start(port);
        List<String> accepted = new ArrayList<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger unanswered = new AtomicInteger();
        try {
            String base = "http://localhost:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> ready(http, base));

            AtomicBoolean sending = new AtomicBoolean(true);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                tokens.add(api.buyerToken());
            }
            AtomicInteger next = new AtomicInteger();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 16; c++) {
                    clients.submit(() -> {
                        for (int i; sending.get() && (i = next.getAndIncrement()) < tokens.size(); ) {
                            try {
                                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                                URI.create(base + "/api/snap-up/checkouts"))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Authorization", "Bearer " + tokens.get(i))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"promotionVariantId\":" + sale + ",\"quantity\":1}"))
                                        .build(), HttpResponse.BodyHandlers.ofString());
                                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                                        .incrementAndGet();
                                if (response.statusCode() == 202) {
                                    Matcher id = CHECKOUT_ID.matcher(response.body());
                                    assertThat(id.find()).isTrue();
                                    synchronized (accepted) {
                                        accepted.add(id.group(1));
                                    }
                                }
                            } catch (IOException refused) { // the listener is closed: the load balancer's retry
                                unanswered.incrementAndGet();
                                Thread.sleep(50);
                            }
                        }
                        return null;
                    });
                }
                await().atMost(Duration.ofMinutes(2)).until(() -> count(statuses, 202) >= 100);
                other.destroy(); // SIGTERM
                assertThat(other.waitFor(90, TimeUnit.SECONDS)).as("exits within the shutdown timeouts").isTrue();
                sending.set(false);
            }
            assertThat(other.exitValue()).as("a clean exit on SIGTERM").isIn(0, 143);
        } finally {
            if (other.isAlive()) {
                other.destroyForcibly();
            }
            listeners.start();
        }

        assertThat(statuses.keySet()).as("202 while admitting, 503 once closing; never a 5xx of another kind")
                .isSubsetOf(202, 503);
        // what the other instance accepted and did not write waits in the queue: this instance writes it
        await().atMost(Duration.ofMinutes(2)).until(() -> live.queued(sale) == 0
                && written(sale) >= accepted.size());
        assertThat(written(sale)).as("every 202 is one checkout; beyond them only what a client got no answer for")
                .isBetween(accepted.size(), accepted.size() + unanswered.get());
        for (String checkoutId : accepted) {
            assertThat(jdbc.queryForObject("SELECT status FROM checkout WHERE checkout_id = ?", String.class,
                    checkoutId)).isEqualTo("CHECKOUT");
        }
        int reserved = jdbc.queryForObject("SELECT reserved FROM promotion_variant WHERE id = ?", Integer.class, sale);
        assertThat(reserved).isEqualTo(written(sale));
        assertThat(Long.parseLong(live.available(sale))).as("stock = available + reserved")
                .isEqualTo(100_000L - reserved);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM follow_up", Integer.class)).isZero();
    }

    /** This application in a JVM of its own, with the test profile and this test's servers. */
    private static Process start(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        File log = new File("target/graceful-shutdown-instance.log");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FlashsaleApplication.class.getName(), "--spring.profiles.active=test", "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private static boolean ready(HttpClient http, String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int written(long sale) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM checkout WHERE promotion_variant_id = ?", Integer.class, sale);
    }

    private static int count(Map<Integer, AtomicInteger> statuses, int status) {
        AtomicInteger count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
