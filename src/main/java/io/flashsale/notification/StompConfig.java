package io.flashsale.notification;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
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
    private final NotificationSettings settings;
    private final ThreadPoolTaskScheduler heartbeats;

    StompConfig(StompAuthorization authorization, NotificationSettings settings,
            @Qualifier("stompHeartbeats") ThreadPoolTaskScheduler heartbeats) {
        this.authorization = authorization;
        this.settings = settings;
        this.heartbeats = heartbeats;
    }

    /** Sends and checks STOMP heart-beats; a bean, so it stops with the application. */
    @Bean
    static ThreadPoolTaskScheduler stompHeartbeats() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("stomp-heartbeat-");
        return scheduler;
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
        registration.interceptors(authorization);
    }
}
