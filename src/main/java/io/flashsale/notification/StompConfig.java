package io.flashsale.notification;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * STOMP over plain WebSocket at {@code /ws}, with this instance's simple broker for {@code /queue} and
 * {@code /topic}. Nothing is sent to the application ({@code /app}): clients only subscribe.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer {

    private final StompAuthorization authorization;
    private final SubscriptionReceipts receipts;
    private final NotificationSettings settings;
    private final TaskScheduler heartbeats;

    /** Heart-beats run on the scheduler the message broker configuration already has (and stops). */
    StompConfig(StompAuthorization authorization, SubscriptionReceipts receipts, NotificationSettings settings,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler heartbeats) {
        this.authorization = authorization;
        this.receipts = receipts;
        this.settings = settings;
        this.heartbeats = heartbeats;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Tokens travel in the CONNECT frame, never in cookies, so any origin may open the socket.
        registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long beat = settings.heartbeat().toMillis();
        registry.enableSimpleBroker("/queue", "/topic").setHeartbeatValue(new long[] {beat, beat})
                .setTaskScheduler(heartbeats);
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(authorization, receipts);
    }
}
