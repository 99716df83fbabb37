package io.flashsale.notification;

import java.io.IOException;
import java.util.Map;

import io.flashsale.shared.ClientAddresses;
import io.flashsale.shared.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Who may open a socket at {@code /ws}: the handshake is refused before the upgrade when the client's address (as
 * {@link ClientAddresses#limitKey} counts it: an IPv6 client is its /64) already holds the most sockets allowed
 * ({@code 429 TOO_MANY_CONNECTIONS}) or this instance the most sockets waiting for {@code CONNECT}
 * ({@code 503 UNAVAILABLE}); either answer closes the connection. Every socket that opens is registered with
 * {@link StompSessions} (and closed within a second if a limit was reached meanwhile) and forgotten when it closes.
 */
@Component
class SocketAdmission implements HandshakeInterceptor, WebSocketHandlerDecoratorFactory {

    private final StompSessions sessions;
    private final ProblemResponses problems;
    private final NotificationSettings settings;

    SocketAdmission(StompSessions sessions, ProblemResponses problems, NotificationSettings settings) {
        this.sessions = sessions;
        this.problems = problems;
        this.settings = settings;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        String address = ClientAddresses.limitKey(request instanceof ServletServerHttpRequest servlet
                ? servlet.getServletRequest().getRemoteAddr()
                : request.getRemoteAddress() == null ? null : request.getRemoteAddress().getHostString());
        StompSessions.Refusal refusal = sessions.refusal(address);
        if (refusal == null) {
            attributes.put(StompSessions.ADDRESS, address);
            return true;
        }
        HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
        servlet.setHeader(HttpHeaders.CONNECTION, "close"); // the refused client keeps no connection either
        switch (refusal) {
            case ADDRESS -> {
                servlet.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(settings.connectTimeout().toSeconds() + 1));
                problems.write(servlet, HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_CONNECTIONS",
                        "This address holds the most live-update connections allowed ("
                                + settings.socketsPerAddress() + "); close one first.");
            }
            case PENDING -> {
                servlet.setHeader(HttpHeaders.RETRY_AFTER, "1");
                problems.write(servlet, HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE",
                        "Too many live-update connections are opening at once; try again.");
            }
        }
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }

    @Override
    public WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                if (!sessions.opened(session)) {
                    return; // the STOMP handler never hears of it; it is closed within a second
                }
                super.afterConnectionEstablished(session);
            }

            /** What a refused socket sends meanwhile is dropped. */
            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
                if (sessions.isOpen(session.getId())) {
                    super.handleMessage(session, message);
                }
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                if (sessions.closed(session.getId())) {
                    super.afterConnectionClosed(session, status);
                }
            }
        };
    }
}
