package io.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.flashsale.shared.PromotionVariantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.MessageChannel;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The record of sockets without a server: a session whose close hangs (a client that reads nothing, its socket
 * blocked on a send) and one that sent DISCONNECT. The clock is moved by hand; each sweep is called by the test.
 */
class StompSessionsTests {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
    private final CountDownLatch unblock = new CountDownLatch(1);
    private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
    private final StompSessions sessions = new StompSessions(settings(), mock(MessageChannel.class), clock(),
            new SimpleMeterRegistry());

    @AfterEach
    void unblockCloses() {
        unblock.countDown();
    }

    @Test
    void closesASocketWhoseCloseHangsOnceHoweverManySweepsFindItOpen() throws Exception {
        assertThat(sessions.opened(session("silent"))).isTrue();
        now.set(now.get().plus(CONNECT_TIMEOUT).plusSeconds(1));

        for (int sweep = 0; sweep < 5; sweep++) {
            sessions.sweep();
            now.set(now.get().plusSeconds(1));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !closes.isEmpty());
        Thread.sleep(300); // a second close would be under way by now
        assertThat(closes).as("closes started").hasSize(1);
        assertThat(closes.getFirst().getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
    }

    @Test
    void forgetsADisconnectedSessionsSubscriptionsAtOnceAndClosesItAfterAMoment() throws Exception {
        assertThat(sessions.opened(session("leaving"))).isTrue();
        sessions.connected("leaving", "7", null);
        sessions.subscribe("leaving", "0", PromotionVariantId.of(42));
        assertThat(sessions.watched()).containsExactly(PromotionVariantId.of(42));

        sessions.disconnected("leaving");
        assertThat(sessions.watched()).isEmpty();
        assertThat(sessions.isDisconnected("leaving")).isTrue();
        sessions.sweep();
        Thread.sleep(300);
        assertThat(closes).as("closed before the RECEIPT could go out").isEmpty();

        now.set(now.get().plusSeconds(1));
        sessions.sweep();
        sessions.sweep();
        await().atMost(Duration.ofSeconds(5)).until(() -> !closes.isEmpty());
        Thread.sleep(300);
        assertThat(closes).hasSize(1);
        assertThat(closes.getFirst().getCode()).isEqualTo(CloseStatus.NORMAL.getCode());
    }

    @Test
    void aSocketAlreadyGoneIsNotDisconnected() {
        sessions.disconnected("never-opened"); // Spring's own DISCONNECT after a close
        assertThat(sessions.isDisconnected("never-opened")).isFalse();
    }

    /** A socket whose close is recorded and then hangs until the test ends. */
    private WebSocketSession session(String id) throws Exception {
        WebSocketSession session = mock(WebSocketSession.class);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(StompSessions.ADDRESS, "192.0.2.7");
        when(session.getId()).thenReturn(id);
        when(session.getAttributes()).thenReturn(attributes);
        doAnswer(call -> {
            closes.add(call.getArgument(0));
            unblock.await(10, TimeUnit.SECONDS);
            return null;
        }).when(session).close(any(CloseStatus.class));
        return session;
    }

    private Clock clock() {
        Clock clock = mock(Clock.class);
        when(clock.instant()).thenAnswer(call -> now.get());
        return clock;
    }

    private static NotificationSettings settings() {
        return new NotificationSettings(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30),
                CONNECT_TIMEOUT, 50, 1000, 10, 20, DataSize.ofKilobytes(16), DataSize.ofKilobytes(64),
                Duration.ofSeconds(5), Duration.ofSeconds(2), 65536);
    }
}
