package io.flashsale.notification;

import java.time.Instant;
import java.util.regex.Pattern;

import io.flashsale.identity.TokenAuthenticator;
import io.flashsale.identity.VerifiedCaller;
import io.flashsale.shared.PromotionVariantId;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Who may do what on the socket: CONNECT needs a valid bearer token (the same checks as HTTP) and heart-beats from
 * the client, and counts against the user's sessions; a session may subscribe only to its own
 * {@code /user/queue/checkouts} and to the stock topics of promotion variants buyers see, under a fresh subscription
 * id and within the session's subscriptions; nobody may SEND; after DISCONNECT no frame may follow (the socket is
 * closed a moment later). A refused frame gets an ERROR frame and the socket is closed.
 */
@Component
class StompAuthorization implements ChannelInterceptor {

    static final String CHECKOUTS = "/user" + CheckoutNotifier.USER_QUEUE;
    /** A promotion variant's stock topic is this prefix and its id. */
    static final String STOCK_TOPIC_PREFIX = "/topic/promotion-variants/";
    private static final Pattern STOCK_TOPIC = Pattern.compile(Pattern.quote(STOCK_TOPIC_PREFIX) + "\\d{1,18}");
    /** A waiting room's line ({@code …/room}) and a buyer's own place in it (the waiting room module sends both). */
    private static final Pattern ROOM_TOPIC = Pattern.compile(Pattern.quote(STOCK_TOPIC_PREFIX) + "(\\d{1,18})/room");
    private static final Pattern ROOM_PLACE = Pattern.compile("/user/queue/waiting-room/(\\d{1,18})");

    private final TokenAuthenticator tokens;
    private final StompSessions sessions;
    private final ShownVariants shown;
    private final NotificationSettings settings;

    StompAuthorization(TokenAuthenticator tokens, StompSessions sessions, ShownVariants shown,
            NotificationSettings settings) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.shown = shown;
        this.settings = settings;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        if (sessions.isDisconnected(stomp.getSessionId())) {
            throw new MessageDeliveryException("This session sent DISCONNECT: no frame may follow");
        }
        switch (stomp.getCommand()) {
            case CONNECT, STOMP -> connect(stomp);
            case SUBSCRIBE -> subscribe(stomp);
            case UNSUBSCRIBE -> sessions.unsubscribe(stomp.getSessionId(), stomp.getSubscriptionId());
            case SEND -> throw new MessageDeliveryException("Sending is not allowed");
            case DISCONNECT -> sessions.disconnected(stomp.getSessionId());
            default -> {
            }
        }
        return message;
    }

    private void connect(StompHeaderAccessor stomp) {
        Authentication user;
        try {
            user = tokens.authenticate(stomp.getFirstNativeHeader("Authorization"));
        } catch (JwtException | AuthenticationException e) {
            throw new MessageDeliveryException("Unauthorized: a valid bearer token is required");
        }
        long promised = stomp.getHeartbeat()[0];
        long longest = settings.clientHeartbeatMax().toMillis();
        if (promised <= 0 || promised > longest) {
            throw new MessageDeliveryException("Heart-beats are required: the heart-beat header's first value must be"
                    + " 1 to " + longest + " ms");
        }
        sessions.connected(stomp.getSessionId(), user.getName(), expiresAt(user));
        stomp.setUser(user);
    }

    private void subscribe(StompHeaderAccessor stomp) {
        String destination = stomp.getDestination();
        PromotionVariantId room = destination == null ? null : roomOf(destination);
        if (stomp.getUser() == null || destination == null || !(destination.equals(CHECKOUTS)
                || STOCK_TOPIC.matcher(destination).matches() || room != null
                || destination.equals(OperationsFigures.TOPIC))) {
            throw new MessageDeliveryException("Forbidden destination: " + destination);
        }
        if (destination.equals(OperationsFigures.TOPIC) && !isOperator(stomp.getUser())) {
            throw new MessageDeliveryException("Forbidden destination: " + destination + " is for operators");
        }
        PromotionVariantId stock = stockOf(destination);
        if ((stock != null && !shown.isShown(stock)) || (room != null && !shown.isShown(room))) {
            throw new MessageDeliveryException("No such promotion variant: " + destination);
        }
        sessions.subscribe(stomp.getSessionId(), stomp.getSubscriptionId(), stock);
    }

    /** The operator's role, as the token said at CONNECT (a session ends with its token). */
    private static boolean isOperator(java.security.Principal user) {
        return user instanceof Authentication authentication && authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_OPERATOR".equals(authority.getAuthority()));
    }

    private static Instant expiresAt(Authentication user) {
        return user instanceof VerifiedCaller caller ? caller.expiresAt() : null;
    }

    static boolean isStockTopic(String destination) {
        return destination != null && STOCK_TOPIC.matcher(destination).matches();
    }

    /** The promotion variant of a waiting room's topic or of a buyer's place in it, or null. */
    private static PromotionVariantId roomOf(String destination) {
        for (Pattern room : new Pattern[] {ROOM_TOPIC, ROOM_PLACE}) {
            var matched = room.matcher(destination);
            if (matched.matches()) {
                return PromotionVariantId.of(matched.group(1));
            }
        }
        return null;
    }

    /** The promotion variant of a stock topic, or null for any other destination. */
    static PromotionVariantId stockOf(String destination) {
        return isStockTopic(destination) ? PromotionVariantId.of(destination.substring(STOCK_TOPIC_PREFIX.length()))
                : null;
    }
}
