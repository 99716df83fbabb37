package io.flashsale.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A STOMP client that sends whatever frames a test writes, as a misbehaving client would: a plain
 * {@link java.net.http.WebSocket}, every frame received kept as text, and the arrival of every heart-beat.
 */
public final class RawStomp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final BlockingQueue<String> frames;
    private final BlockingQueue<Long> heartBeats;
    private final CompletableFuture<Integer> closed;

    private RawStomp(WebSocket socket, BlockingQueue<String> frames, BlockingQueue<Long> heartBeats,
            CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.frames = frames;
        this.heartBeats = heartBeats;
        this.closed = closed;
    }

    /** Opens the socket and sends nothing. */
    public static RawStomp open(String baseUrl) throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        BlockingQueue<Long> heartBeats = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().subprotocols("v12.stomp")
                .buildAsync(URI.create(baseUrl.replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String frame = partial.toString();
                            partial.setLength(0);
                            if (frame.isBlank()) {
                                heartBeats.add(System.nanoTime());
                            } else {
                                frames.add(frame);
                            }
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(10, TimeUnit.SECONDS);
        return new RawStomp(socket, frames, heartBeats, closed);
    }

    /** Opens the socket and sends CONNECT with this token and {@code heart-beat} header (none if null). */
    public static RawStomp connect(String baseUrl, String token, String heartbeat) throws Exception {
        RawStomp stomp = open(baseUrl);
        stomp.send("CONNECT\naccept-version:1.2\nhost:localhost\n"
                + (heartbeat == null ? "" : "heart-beat:" + heartbeat + "\n")
                + "Authorization:Bearer " + token + "\n\n\0");
        return stomp;
    }

    /** Sends one WebSocket text message. */
    public void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    public void subscribe(String id, String destination, String receipt) throws Exception {
        send("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\nreceipt:" + receipt + "\n\n\0");
    }

    /** Subscribes and waits for the RECEIPT. */
    public void subscribeConfirmed(String id, String destination, String receipt) throws Exception {
        subscribe(id, destination, receipt);
        assertThat(expect("RECEIPT", 5)).contains("receipt-id:" + receipt);
    }

    /** The next frame whose command is this one (others skipped); fails after the timeout. */
    public String expect(String command, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame != null && frame.startsWith(command + "\n")) {
                return frame;
            }
        }
        throw new AssertionError("No " + command + " frame within " + seconds + " s");
    }

    /** When ({@link System#nanoTime}) the next heart-beat came, waiting at most the timeout; null if none came. */
    public Long nextHeartBeat(long millis) throws InterruptedException {
        return heartBeats.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next frame within the timeout, or null. */
    public String poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the server closed the socket within the timeout. */
    public boolean closedWithin(long seconds) throws InterruptedException {
        try {
            closed.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
