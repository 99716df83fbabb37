package io.flashsale.notification;

import java.util.regex.Pattern;

import io.flashsale.identity.TokenAuthenticator;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Who may do what on the socket: CONNECT needs a valid bearer token (the same checks as HTTP); a session may
 * subscribe only to its own {@code /user/queue/checkouts} and to promotion variants' stock topics; nobody may SEND. A refused
 * CONNECT gets an ERROR frame and the socket is closed.
 */
@Component
class StompAuthorization implements ChannelInterceptor {

    static final String CHECKOUTS = "/user" + CheckoutNotifier.USER_QUEUE;
    /** A promotion variant's stock topic is this prefix and its id. */
    static final String STOCK_TOPIC_PREFIX = "/topic/promotion-variants/";
    private static final Pattern STOCK_TOPIC = Pattern.compile(Pattern.quote(STOCK_TOPIC_PREFIX) + "\\d{1,18}");

    private final TokenAuthenticator tokens;

    StompAuthorization(TokenAuthenticator tokens) {
        this.tokens = tokens;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        switch (stomp.getCommand()) {
            case CONNECT, STOMP -> {
                try {
                    stomp.setUser(tokens.authenticate(stomp.getFirstNativeHeader("Authorization")));
                } catch (JwtException | AuthenticationException e) {
                    throw new MessageDeliveryException("Unauthorized: a valid bearer token is required");
                }
            }
            case SUBSCRIBE -> {
                String destination = stomp.getDestination();
                if (stomp.getUser() == null || destination == null
                        || !(destination.equals(CHECKOUTS) || STOCK_TOPIC.matcher(destination).matches())) {
                    throw new MessageDeliveryException("Forbidden destination: " + destination);
                }
            }
            case SEND -> throw new MessageDeliveryException("Sending is not allowed");
            default -> {
            }
        }
        return message;
    }

    static boolean isStockTopic(String destination) {
        return destination != null && STOCK_TOPIC.matcher(destination).matches();
    }
}
