package io.flashsale.security;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.RSAKey;
import io.flashsale.stock.LiveStateProbe;
import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.RawStomp;
import io.flashsale.support.SignedTokens;
import io.flashsale.support.StompTestClient;
import io.flashsale.support.TestApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The STOMP abuse the outside probe found, each refused or bounded: idle sockets without CONNECT, sockets per
 * address, sessions per user, subscriptions per session, reused subscription ids, oversized frames, clients without
 * heart-beats or gone silent, sessions outliving their token, stock topics of promotion variants buyers don't see,
 * subscriptions that outlive their session, and sessions that go on after their DISCONNECT. The limits are the defaults of {@code flashsale.notification.*}; the
 * test profile's heart-beat is 2 s.
 */
@FlashsaleTest
class WebSocketAbuseTests {

    private static final int SOCKETS_PER_ADDRESS = 50;
    private static final int SESSIONS_PER_USER = 10;
    private static final int SUBSCRIPTIONS_PER_SESSION = 20;
    private static final long CONNECT_TIMEOUT_SECONDS = 5;
    private static final Duration SHOWN_CACHE_TIME = Duration.ofSeconds(2);
    private static final int FLOOD = 10_000;
    /** Handshakes the flood has under way at once. */
    private static final int IN_FLIGHT = 64;

    @Autowired
    TestApi api;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RSAKey signingKey;

    @Autowired
    LiveStateProbe probe;

    @Test
    void tenThousandIdleUnauthenticatedSocketsLeavePublicReadsAndSnapUpsAnswering() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(100));
        int port = URI.create(api.baseUrl()).getPort();
        // warmed up: what follows measures the flood, not the first calls
        readPromotionVariants();
        api.snapUpAccepted(api.buyerToken(), sale);
        for (int i = 0; i < 2 * SOCKETS_PER_ADDRESS; i++) {
            handshake(port).close();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.sockets") == 0);

        Queue<Held> held = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicReference<String> refusal = new AtomicReference<>();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Queue<Long> readMillis = new ConcurrentLinkedQueue<>();
        Queue<Long> snapUpMillis = new ConcurrentLinkedQueue<>();
        AtomicInteger mostSocketsOpen = new AtomicInteger();
        AtomicBoolean flooding = new AtomicBoolean(true);
        long floodMillis;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            threads.submit(() -> {
                while (flooding.get()) {
                    readMillis.add(millis(this::readPromotionVariants));
                    mostSocketsOpen.accumulateAndGet((int) gauge("flashsale.notification.sockets"), Math::max);
                    sleep(100);
                }
                return null;
            });
            threads.submit(() -> {
                while (flooding.get()) {
                    String buyer = api.buyerToken();
                    snapUpMillis.add(millis(() -> api.snapUpAccepted(buyer, sale)));
                    sleep(250);
                }
                return null;
            });
            long floodStarted = System.nanoTime();
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            for (int i = 0; i < FLOOD; i++) {
                inFlight.acquire();
                threads.submit(() -> {
                    try {
                        Held socket = handshake(port);
                        held.add(socket);
                        answers.computeIfAbsent(socket.status, s -> new AtomicInteger()).incrementAndGet();
                        if (socket.status == 429 && refusal.get() == null) {
                            refusal.compareAndSet(null, socket.head + new String(socket.in.readAllBytes(), US_ASCII));
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.add(e.toString());
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
            inFlight.acquire(IN_FLIGHT);
            floodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStarted);
            flooding.set(false);
        }
        try {
            List<Held> accepted = held.stream().filter(h -> h.status == 101).toList();
            assertThat(failures).as("handshakes that failed").isEmpty();
            assertThat(answers.keySet()).as("answers to %s handshakes", FLOOD).containsOnly(101, 429);
            assertThat(held).hasSize(FLOOD);
            assertThat(accepted).isNotEmpty();
            assertThat(mostSocketsOpen.get()).isLessThanOrEqualTo(SOCKETS_PER_ADDRESS);
            // at most the limit at a time, each for the CONNECT timeout; and the handshakes that raced others past
            // the check, upgraded and closed within a second (1013)
            long rounds = floodMillis / TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS) + 1;
            assertThat(accepted.size()).isLessThanOrEqualTo((int) (SOCKETS_PER_ADDRESS * rounds + IN_FLIGHT));
            assertThat(refusal.get()).contains("Retry-After").contains("Connection: close")
                    .contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE).contains("\"code\":\"TOO_MANY_CONNECTIONS\"");

            assertThat(readMillis).isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(2_000));
            assertThat(snapUpMillis).isNotEmpty().allSatisfy(ms -> assertThat(ms).isLessThan(2_000));

            // the accepted ones, silent, are closed by the server once the CONNECT timeout is over
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> ends = new ArrayList<>();
                for (Held socket : accepted) {
                    ends.add(threads.submit(socket::closedByServer));
                }
                List<String> endings = new ArrayList<>();
                for (var end : ends) {
                    endings.add(end.get());
                }
                assertThat(endings).as("how the accepted sockets ended").containsOnly("closed");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.sockets") == 0);
            assertThat(gauge("flashsale.notification.sockets.pending")).isZero();
        } finally {
            held.forEach(Held::close);
        }
    }

    @Test
    void closesASocketWithoutAnAcceptedConnectAfterTheTimeoutEvenIfItKeepsSendingBits() throws Exception {
        try (RawStomp silent = RawStomp.open(api.baseUrl()); RawStomp dribbling = RawStomp.open(api.baseUrl());
                RawStomp connected = connected(); RawStomp beating = RawStomp.open(api.baseUrl())) {
            beating.send("\n"); // a heart-beat before CONNECT: refused at once
            assertThat(beating.closedWithin(2)).as("heart-beat before CONNECT").isTrue();

            String connect = "CONNECT\naccept";
            for (int i = 0; i < CONNECT_TIMEOUT_SECONDS - 1; i++) {
                dribbling.send(connect.substring(i, i + 1)); // a CONNECT that never ends
                connected.send("\n");
                Thread.sleep(1_000);
            }
            assertThat(silent.isOpen()).as("silent socket open before the timeout").isTrue();
            assertThat(dribbling.isOpen()).as("dribbling socket open before the timeout").isTrue();

            assertThat(silent.closedWithin(4)).as("silent socket closed").isTrue();
            assertThat(dribbling.closedWithin(1)).as("dribbling socket closed").isTrue();
            connected.send("\n");
            assertThat(connected.isOpen()).as("the connected session stays").isTrue();
        }
    }

    @Test
    void refusesAConnectThatPromisesNoHeartBeats() throws Exception {
        for (String heartbeat : new String[] {null, "0,0", "0,10000", "600000,10000"}) {
            try (RawStomp stomp = RawStomp.connect(api.baseUrl(), api.buyerToken(), heartbeat)) {
                assertRefused(stomp, "Heart-beats are required");
            }
        }
    }

    @Test
    void closesASessionThatFallsSilent() throws Exception {
        try (RawStomp stomp = RawStomp.connect(api.baseUrl(), api.buyerToken(), "1000,0")) {
            stomp.expect("CONNECTED", 5);
            // promised 1 s, the server asks for 2 s: silent for three times that, the session is over
            assertThat(stomp.closedWithin(12)).isTrue();
        }
    }

    @Test
    void refusesMoreSessionsForOneAccountThanTheLimit() throws Exception {
        String token = api.buyerToken();
        List<StompTestClient> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS_PER_USER; i++) {
                sessions.add(StompTestClient.connect(api.baseUrl(), token));
            }
            try (RawStomp oneTooMany = RawStomp.connect(api.baseUrl(), token, "10000,10000")) {
                assertRefused(oneTooMany, "Too many sessions");
            }
            sessions.removeFirst().close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RawStomp again = RawStomp.connect(api.baseUrl(), token, "10000,10000")) {
                    again.expect("CONNECTED", 5); // a closed session no longer counts
                }
            });
        } finally {
            sessions.forEach(StompTestClient::close);
        }
    }

    @Test
    void refusesMoreSubscriptionsInOneSessionThanTheLimit() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        try (RawStomp stomp = connected()) {
            for (int i = 0; i < SUBSCRIPTIONS_PER_SESSION; i++) {
                stomp.subscribeConfirmed("s" + i, topic(sale), "r" + i);
            }
            stomp.subscribe("one-too-many", topic(sale), "r");
            assertRefused(stomp, "Too many subscriptions");
        }
    }

    @Test
    void refusesASubscriptionIdAlreadyInUse() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        try (RawStomp stomp = connected()) {
            stomp.subscribeConfirmed("0", "/user/queue/checkouts", "first");
            stomp.subscribe("0", topic(sale), "again");
            assertRefused(stomp, "Subscription id already in use");
        }
    }

    @Test
    void refusesTheStockTopicOfAPromotionVariantBuyersDoNotSee() throws Exception {
        long shown = api.createSale(TestApi.saleRequest(5));
        Map<String, Object> request = TestApi.saleRequest(5);
        request.put("enabled", false);
        long disabled = api.createSale(request);
        api.client().get().uri("/api/promotion-variants/{id}", disabled).exchange().expectStatus().isNotFound();

        Map<String, Object> over = TestApi.saleRequest(5);
        over.put("startsAt", Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        over.put("endsAt", Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        long ended = api.createSale(over); // still shown by id, and its page subscribes

        try (RawStomp stomp = connected()) {
            stomp.subscribeConfirmed("0", topic(shown), "shown");
            stomp.subscribeConfirmed("1", topic(ended), "ended");
        }
        for (long hidden : new long[] {disabled, 999_999_999_999L}) {
            try (RawStomp stomp = connected()) {
                stomp.subscribe("0", topic(hidden), "hidden");
                assertRefused(stomp, "No such promotion variant");
            }
        }
    }

    @Test
    void stopsTellingAStockTopicOnceItsPromotionVariantIsDisabled() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), api.buyerToken())) {
            BlockingQueue<Map<String, Object>> stock = socket.subscribe(topic(sale));
            assertThat(stock.poll(5, TimeUnit.SECONDS)).containsEntry("available", 5);

            api.client().patch().uri("/api/admin/promotion-variants/{id}", sale)
                    .header(HttpHeaders.AUTHORIZATION, TestApi.bearer(api.operatorToken()))
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("enabled", false)).exchange()
                    .expectStatus().isOk();
            Thread.sleep(SHOWN_CACHE_TIME.plusMillis(500).toMillis()); // what the ticker remembered has lapsed
            stock.clear();
            probe.addToAvailable(sale, -1);

            assertThat(stock.poll(2, TimeUnit.SECONDS)).as("a change of a disabled promotion variant").isNull();
        }
    }

    @Test
    void closesASessionWhenItsTokenExpires() throws Exception {
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS); // exp is in whole seconds
        Instant expiry = issued.plusSeconds(3);
        String token = SignedTokens.sign(signingKey,
                SignedTokens.operatorClaims(issued, Duration.ofSeconds(3)).subject("987654321").build());
        try (StompTestClient socket = StompTestClient.connect(api.baseUrl(), token)) {
            socket.subscribe("/user/queue/checkouts");

            await().atMost(Duration.ofSeconds(10)).until(() -> !socket.isConnected());
            assertThat(Instant.now()).as("closed once the token expired, not before").isAfterOrEqualTo(expiry);
            assertThat(socket.errors()).anyMatch(error -> error.contains("Token expired"));
        }
    }

    @Test
    void leavesTheStockTickerWatchingNothingOnceAnAbusiveSessionIsGone() throws Exception {
        long first = api.createSale(TestApi.saleRequest(5));
        long second = api.createSale(TestApi.saleRequest(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.watched") == 0);

        // the probe's leak: many stock topics under one subscription id, then gone
        try (RawStomp abuser = connected()) {
            abuser.subscribeConfirmed("x", topic(first), "r1");
            assertThat(gauge("flashsale.notification.watched")).isEqualTo(1);
            abuser.subscribe("x", topic(second), "r2");
            assertRefused(abuser, "Subscription id already in use");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.watched") == 0);

        // a session holding all the subscriptions it may, dropped without DISCONNECT
        RawStomp dropped = connected();
        for (int i = 0; i < SUBSCRIPTIONS_PER_SESSION; i++) {
            dropped.subscribeConfirmed("s" + i, topic(i % 2 == 0 ? first : second), "r" + i);
        }
        assertThat(gauge("flashsale.notification.watched")).isEqualTo(2);
        dropped.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.watched") == 0);
    }

    @Test
    void aDisconnectGetsItsReceiptThenTheSocketIsClosedAndItsSubscriptionsAreForgottenAtOnce() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.watched") == 0);
        try (RawStomp stomp = connected()) {
            stomp.subscribeConfirmed("0", topic(sale), "subscribed");
            assertThat(gauge("flashsale.notification.watched")).isEqualTo(1);

            stomp.send("DISCONNECT\nreceipt:bye\n\n\0");
            assertThat(stomp.expect("RECEIPT", 5)).contains("receipt-id:bye");
            assertThat(gauge("flashsale.notification.watched")).as("watched once the RECEIPT is in").isZero();
            assertThat(stomp.closedWithin(5)).as("closed after the DISCONNECT").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("flashsale.notification.sockets") == 0);
    }

    @Test
    void aDisconnectWithoutAReceiptIsAnsweredAndClosedAtOnce() throws Exception {
        try (RawStomp stomp = connected()) {
            stomp.send("DISCONNECT\n\n\0");
            assertThat(stomp.expect("ERROR", 5)).contains("Session closed");
            assertThat(stomp.closedWithin(5)).isTrue();
        }
    }

    @Test
    void refusesASubscribeAfterDisconnect() throws Exception {
        long sale = api.createSale(TestApi.saleRequest(5));
        try (RawStomp stomp = connected()) {
            stomp.send("DISCONNECT\nreceipt:bye\n\n\0");
            assertThat(stomp.expect("RECEIPT", 5)).contains("receipt-id:bye");
            // the broker checks no heart-beats of a disconnected session: this must not register
            stomp.subscribe("1", topic(sale), "again");
            assertRefused(stomp, "DISCONNECT");
        }
        assertThat(gauge("flashsale.notification.watched")).isZero();
    }

    @Test
    void closesASocketThatSendsAnOversizedFrame() throws Exception {
        try (RawStomp stomp = RawStomp.connect(api.baseUrl(), "x".repeat(20_000), "10000,10000")) {
            assertThat(stomp.closedWithin(5)).as("a 20 KB CONNECT").isTrue();
        }
        try (RawStomp stomp = connected()) {
            stomp.send("SUBSCRIBE\nid:0\ndestination:/user/queue/checkouts\nx-padding:" + "a".repeat(10_000));
            stomp.send("a".repeat(10_000)); // the same frame, in a second message
            assertThat(stomp.closedWithin(5)).as("a 20 KB frame in two messages").isTrue();
        }
    }

    // ---------- helpers ----------

    /**
     * Refused: the socket is closed, with an ERROR frame that says why if that frame got out first — Spring's session
     * decorator may close the socket while another thread is still sending it stock updates, and the ERROR queued
     * behind them is then lost. Nothing is confirmed meanwhile.
     */
    private static void assertRefused(RawStomp stomp, String why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            String frame = stomp.poll(100);
            if (frame != null) {
                assertThat(frame).as("no frame but an ERROR confirms anything now").doesNotStartWith("RECEIPT\n");
                if (frame.startsWith("ERROR\n")) {
                    assertThat(frame).contains(why);
                    break;
                }
            } else if (!stomp.isOpen()) {
                break;
            }
        }
        assertThat(stomp.closedWithin(5)).as("closed after the refusal").isTrue();
    }

    private RawStomp connected() throws Exception {
        RawStomp stomp = RawStomp.connect(api.baseUrl(), api.buyerToken(), "10000,10000");
        stomp.expect("CONNECTED", 5);
        return stomp;
    }

    private static String topic(long promotionVariantId) {
        return "/topic/promotion-variants/" + promotionVariantId;
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private void readPromotionVariants() {
        api.client().get().uri("/api/promotion-variants").exchange().expectStatus().isOk();
    }

    private static long millis(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A WebSocket handshake over a plain socket, and then nothing: no CONNECT, ever. */
    private static Held handshake(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v12.stomp\r\n\r\n")
                    .getBytes(US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            String text = head.toString();
            int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Held(socket, in, status, text);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A socket the flood holds open, with the status of its handshake's answer. */
    private record Held(Socket socket, InputStream in, int status, String head) {

        /**
         * Whether the server closes the socket: a close frame first, then the connection, although this client never
         * answers the close frame.
         */
        String closedByServer() throws IOException {
            long started = System.nanoTime();
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                return "no close frame";
            }
            if (first != 0x88) {
                return "first byte " + first;
            }
            try {
                while (in.read() >= 0) {
                    // the rest of the close frame
                }
                return "closed";
            } catch (SocketTimeoutException e) {
                return "close frame, then open for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
