package io.flashsale.support;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** A real STOMP-over-WebSocket client, as the web page uses it: a bearer token in CONNECT, JSON frames. */
public final class StompTestClient implements AutoCloseable {

    private final StompSession session;
    private final BlockingQueue<String> errors;
    private final ThreadPoolTaskScheduler receipts;

    private StompTestClient(StompSession session, BlockingQueue<String> errors, ThreadPoolTaskScheduler receipts) {
        this.session = session;
        this.errors = errors;
        this.receipts = receipts;
    }

    /** Connects; fails with the broker's refusal if the CONNECT is refused. */
    public static StompTestClient connect(String baseUrl, String token) throws Exception {
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
        client.setMessageConverter(new JacksonJsonMessageConverter());
        ThreadPoolTaskScheduler receipts = new ThreadPoolTaskScheduler(); // times out a RECEIPT that never comes
        receipts.setDaemon(true);
        receipts.initialize();
        client.setTaskScheduler(receipts);
        StompHeaders connect = new StompHeaders();
        if (token != null) {
            connect.add("Authorization", "Bearer " + token);
        }
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        StompSession session = client.connectAsync(baseUrl.replace("http", "ws") + "/ws", new WebSocketHttpHeaders(),
                connect, new StompSessionHandlerAdapter() {
                    @Override
                    public void handleException(StompSession s, org.springframework.messaging.simp.stomp.StompCommand c,
                            StompHeaders h, byte[] payload, Throwable e) {
                        errors.add(String.valueOf(e));
                    }

                    @Override
                    public void handleTransportError(StompSession s, Throwable e) {
                        errors.add(String.valueOf(e));
                    }

                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        errors.add(String.valueOf(headers.getFirst("message")));
                    }
                }).get(10, TimeUnit.SECONDS);
        return new StompTestClient(session, errors, receipts);
    }

    /**
     * Subscribes and collects what arrives, as JSON maps. Returns once the server's RECEIPT says the subscription is
     * registered, so nothing sent after this returns can be missed.
     */
    public BlockingQueue<Map<String, Object>> subscribe(String destination) throws InterruptedException {
        BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setReceipt("subscribed-" + destination);
        CountDownLatch registered = new CountDownLatch(1);
        session.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return Map.class;
            }

            @Override
            @SuppressWarnings("unchecked")
            public void handleFrame(StompHeaders headers, Object payload) {
                received.add((Map<String, Object>) payload);
            }
        }).addReceiptTask(registered::countDown);
        if (!registered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("No RECEIPT for the SUBSCRIBE to " + destination + "; errors: " + errors());
        }
        return received;
    }

    /** Subscribes without waiting for a receipt: for a subscription the server is expected to refuse. */
    public void subscribeUnconfirmed(String destination) {
        session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return Map.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
            }
        });
    }

    /** Waits for the next event of the given type, skipping others. */
    public static Map<String, Object> next(BlockingQueue<Map<String, Object>> events, String type, long seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Map<String, Object> event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && type.equals(event.get("type"))) {
                return event;
            }
        }
        throw new AssertionError("No " + type + " within " + seconds + " s");
    }

    public boolean isConnected() {
        return session.isConnected();
    }

    /** Errors and transport failures seen so far. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        if (session.isConnected()) {
            session.disconnect();
        }
        receipts.shutdown();
    }
}
