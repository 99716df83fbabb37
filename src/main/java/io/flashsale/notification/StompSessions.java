package io.flashsale.notification;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashsale.shared.ClientAddresses;
import io.flashsale.shared.PromotionVariantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Every socket this instance holds, from its handshake to its close: the client address it came from, when it
 * opened, once its {@code CONNECT} was accepted the user and when the token expires, and its subscriptions. The
 * limits are counted here (sockets per address, sockets still waiting for {@code CONNECT}, sessions per user,
 * subscriptions per session, one subscription per id), and a sweep every second closes the sockets that had no
 * accepted {@code CONNECT} within {@code connectTimeout}, the sessions whose token expired, and the sessions that sent
 * {@code DISCONNECT} (a moment later, so the {@code RECEIPT} it asked for goes out first: Spring closes the socket
 * only after an {@code ERROR}, and its simple broker stops checking heart-beats at {@code DISCONNECT}). Each socket
 * is closed once, however many sweeps find it still open. A closed socket leaves nothing here, nor does a
 * disconnected one's subscriptions: the stock topics watched are counted from these subscriptions alone.
 */
@Component
class StompSessions implements SchedulingConfigurer {

    /** The handshake's session attribute holding the client address the limits count. */
    static final String ADDRESS = StompSessions.class.getName() + ".address";

    private static final Logger log = LoggerFactory.getLogger(StompSessions.class);
    private static final Duration SWEEP = Duration.ofSeconds(1);
    /** How long a session told its token expired may take to close before the socket is closed under it. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** How long a session that sent DISCONNECT stays open, so the RECEIPT it asked for reaches it first. */
    private static final Duration DISCONNECT_GRACE = Duration.ofSeconds(1);
    /** How long a socket the server closed waits for the client's close frame before its connection is dropped. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    private static final String TOMCAT_SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";

    private final NotificationSettings settings;
    private final MessageChannel clientOutbound;
    private final Clock clock;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final Map<PromotionVariantId, Integer> watched = new ConcurrentHashMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** Sockets opened past a limit, closed by the next sweep (closed while still opening, Tomcat would keep them). */
    private final Queue<WebSocketSession> refused = new ConcurrentLinkedQueue<>();

    StompSessions(NotificationSettings settings, @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound,
            Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clientOutbound = clientOutbound;
        this.clock = clock;
        Gauge.builder("flashsale.notification.sockets", sockets, Map::size)
                .description("WebSocket sockets open on this instance").register(meters);
        Gauge.builder("flashsale.notification.sockets.pending", pending, AtomicInteger::get)
                .description("sockets still waiting for an accepted CONNECT").register(meters);
        Gauge.builder("flashsale.notification.watched", watched, Map::size)
                .description("promotion variants whose stock topic someone on this instance subscribes to")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::sweep, SWEEP);
    }

    /** Why a socket from this address can't open now, before its handshake; null when it can. */
    Refusal refusal(String address) {
        if (settings.socketsPerAddress() > 0 && perAddress.getOrDefault(address, 0) >= settings.socketsPerAddress()) {
            return Refusal.ADDRESS;
        }
        return pending.get() >= settings.pendingSockets() ? Refusal.PENDING : null;
    }

    /**
     * Registers a socket just opened; false when a limit was reached meanwhile (by handshakes racing this one past
     * the check): then nothing is registered and the next sweep closes it.
     */
    boolean opened(WebSocketSession session) {
        String address = address(session);
        int limit = settings.socketsPerAddress();
        if (perAddress.merge(address, 1, Integer::sum) > limit && limit > 0) {
            decrement(perAddress, address);
            refused.add(session);
            return false;
        }
        if (pending.incrementAndGet() > settings.pendingSockets()) {
            pending.decrementAndGet();
            decrement(perAddress, address);
            refused.add(session);
            return false;
        }
        sockets.put(session.getId(), new Socket(session, address, clock.instant()));
        return true;
    }

    boolean isOpen(String sessionId) {
        return sockets.containsKey(sessionId);
    }

    /** Forgets a closed socket and everything it held; false if it was never registered. */
    boolean closed(String sessionId) {
        Socket socket = sockets.remove(sessionId);
        if (socket == null) {
            return false;
        }
        synchronized (socket) {
            socket.closed = true;
            socket.subscriptions.values().forEach(this::unwatch);
            socket.subscriptions.clear();
            if (socket.user == null) {
                pending.decrementAndGet();
            } else {
                decrement(perUser, socket.user);
            }
            decrement(perAddress, socket.address);
        }
        return true;
    }

    /**
     * Records an accepted {@code CONNECT}.
     *
     * @param expiresAt when the token expires (null: it doesn't say)
     * @throws MessageDeliveryException when the socket is gone, already connected, or the user holds the most
     *         sessions allowed
     */
    void connected(String sessionId, String user, Instant expiresAt) {
        Socket socket = socket(sessionId);
        synchronized (socket) {
            if (socket.closed || socket.user != null || socket.disconnectedAt != null) {
                throw new MessageDeliveryException("This session is already connected");
            }
            if (perUser.merge(user, 1, Integer::sum) > settings.sessionsPerUser()) {
                decrement(perUser, user);
                throw new MessageDeliveryException(
                        "Too many sessions: an account may hold " + settings.sessionsPerUser() + " at once");
            }
            socket.user = user;
            socket.expiresAt = expiresAt;
            pending.decrementAndGet();
        }
    }

    /**
     * Records a subscription.
     *
     * @param stock the promotion variant whose stock topic it is, or null
     * @throws MessageDeliveryException when the id is missing or taken, or the session holds the most subscriptions
     */
    void subscribe(String sessionId, String subscriptionId, PromotionVariantId stock) {
        if (subscriptionId == null || subscriptionId.isEmpty()) {
            throw new MessageDeliveryException("A subscription needs an id");
        }
        Socket socket = socket(sessionId);
        synchronized (socket) {
            if (socket.closed || socket.disconnectedAt != null) {
                throw new MessageDeliveryException("This session is closed");
            }
            if (socket.subscriptions.containsKey(subscriptionId)) {
                throw new MessageDeliveryException("Subscription id already in use: " + subscriptionId);
            }
            if (socket.subscriptions.size() >= settings.subscriptionsPerSession()) {
                throw new MessageDeliveryException("Too many subscriptions: a session may hold "
                        + settings.subscriptionsPerSession() + " at once");
            }
            socket.subscriptions.put(subscriptionId, stock);
            if (stock != null) {
                watched.merge(stock, 1, Integer::sum);
            }
        }
    }

    void unsubscribe(String sessionId, String subscriptionId) {
        Socket socket = sockets.get(sessionId);
        if (socket == null || subscriptionId == null) {
            return;
        }
        synchronized (socket) {
            unwatch(socket.subscriptions.remove(subscriptionId));
        }
    }

    /**
     * Records a client's {@code DISCONNECT}: its subscriptions are forgotten at once, and the socket is closed after
     * {@link #DISCONNECT_GRACE}. Nothing if the socket is already gone (Spring's own {@code DISCONNECT} after a close).
     */
    void disconnected(String sessionId) {
        Socket socket = sessionId == null ? null : sockets.get(sessionId);
        if (socket == null) {
            return;
        }
        synchronized (socket) {
            if (socket.closed || socket.disconnectedAt != null) {
                return;
            }
            socket.disconnectedAt = clock.instant();
            socket.subscriptions.values().forEach(this::unwatch);
            socket.subscriptions.clear();
        }
    }

    /** Whether this open socket's session sent {@code DISCONNECT}: then no frame may follow. */
    boolean isDisconnected(String sessionId) {
        Socket socket = sessionId == null ? null : sockets.get(sessionId);
        return socket != null && socket.disconnectedAt != null;
    }

    /** The promotion variants whose stock topic at least one open session here subscribes to. */
    Set<PromotionVariantId> watched() {
        return Set.copyOf(watched.keySet());
    }

    /**
     * Closes what overstayed: sockets without an accepted CONNECT in time, sessions that sent DISCONNECT, and
     * sessions whose token expired.
     */
    void sweep() {
        for (WebSocketSession session = refused.poll(); session != null; session = refused.poll()) {
            close(session, CloseStatus.SERVICE_OVERLOAD.withReason("Too many connections"));
        }
        Instant now = clock.instant();
        Instant connectDeadline = now.minus(settings.connectTimeout());
        Instant disconnectDeadline = now.minus(DISCONNECT_GRACE);
        for (Socket socket : sockets.values()) {
            Instant disconnectedAt = socket.disconnectedAt;
            if (disconnectedAt != null) {
                if (!disconnectedAt.isAfter(disconnectDeadline)) {
                    close(socket, CloseStatus.NORMAL.withReason("DISCONNECT"));
                }
            } else if (socket.user == null && socket.openedAt.isBefore(connectDeadline)) {
                close(socket, CloseStatus.POLICY_VIOLATION.withReason("No CONNECT in time"));
            } else if (socket.expiresAt != null && !now.isBefore(socket.expiresAt)) {
                if (socket.expiryAnnounced == null) {
                    socket.expiryAnnounced = now;
                    announceExpiry(socket);
                } else if (now.isAfter(socket.expiryAnnounced.plus(GRACE))) {
                    close(socket, CloseStatus.POLICY_VIOLATION.withReason("Token expired"));
                }
            }
        }
    }

    /** An ERROR frame, after which the STOMP handler closes the session (as STOMP requires). */
    private void announceExpiry(Socket socket) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage("Token expired: connect again with a new token");
        error.setSessionId(socket.session.getId());
        try {
            clientOutbound.send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
        } catch (RuntimeException e) {
            close(socket, CloseStatus.POLICY_VIOLATION.withReason("Token expired"));
        }
    }

    /** Closes a socket once: a later sweep that finds it still open (a client that reads nothing) leaves it be. */
    private static void close(Socket socket, CloseStatus status) {
        if (socket.closing.compareAndSet(false, true)) {
            close(socket.session, status);
        }
    }

    /**
     * Closes a socket the server gives up on, on a virtual thread (a client that reads nothing must not hold up the
     * sweep), and drops its connection {@link #CLOSE_WAIT} later if the client doesn't answer the close frame
     * (Tomcat would wait 30 s).
     */
    private static void close(WebSocketSession session, CloseStatus status) {
        Thread.ofVirtual().start(() -> {
            try {
                if (session instanceof NativeWebSocketSession nativeSession
                        && nativeSession.getNativeSession() instanceof jakarta.websocket.Session container) {
                    container.getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, CLOSE_WAIT.toMillis());
                }
                session.close(status);
            } catch (IOException | RuntimeException e) {
                log.debug("Closing socket {} failed: {}", session.getId(), e.toString());
            }
        });
    }

    private Socket socket(String sessionId) {
        Socket socket = sessionId == null ? null : sockets.get(sessionId);
        if (socket == null) {
            throw new MessageDeliveryException("This session is closed");
        }
        return socket;
    }

    private void unwatch(PromotionVariantId id) {
        if (id != null) {
            decrement(watched, id);
        }
    }

    private static <K> void decrement(Map<K, Integer> counts, K key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    private static String address(WebSocketSession session) {
        Object address = session.getAttributes().get(ADDRESS);
        if (address != null) {
            return address.toString();
        }
        return ClientAddresses.limitKey(
                session.getRemoteAddress() == null ? null : session.getRemoteAddress().getHostString());
    }

    /** Why a handshake is refused. */
    enum Refusal {
        /** this address holds the most sockets allowed */
        ADDRESS,
        /** this instance holds the most sockets waiting for CONNECT */
        PENDING
    }

    /** One open socket. Its fields change under its own lock (the sweep only reads them). */
    private static final class Socket {

        final WebSocketSession session;
        final String address;
        final Instant openedAt;
        /** Subscription id → the promotion variant of a stock topic, or null for another destination. */
        final Map<String, PromotionVariantId> subscriptions = new HashMap<>();
        volatile String user;
        volatile Instant expiresAt;
        volatile Instant expiryAnnounced;
        /** When the client sent DISCONNECT, or null. */
        volatile Instant disconnectedAt;
        /** Set by the first close the server starts: a socket is closed once. */
        final AtomicBoolean closing = new AtomicBoolean();
        boolean closed;

        Socket(WebSocketSession session, String address, Instant openedAt) {
            this.session = session;
            this.address = address;
            this.openedAt = openedAt;
        }
    }
}
