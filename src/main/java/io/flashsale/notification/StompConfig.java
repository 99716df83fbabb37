package io.flashsale.notification;

import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * STOMP over plain WebSocket at {@code /ws}, with this instance's simple broker for {@code /queue} and
 * {@code /topic}. Nothing is sent to the application ({@code /app}): clients only subscribe. Sockets are admitted
 * and counted by {@link SocketAdmission}, frames checked by {@link StompAuthorization}; frames and what waits to be
 * sent to a slow client are bounded here and in the servlet container.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer {

    private final StompAuthorization authorization;
    private final SubscriptionReceipts receipts;
    private final SocketAdmission admission;
    private final NotificationSettings settings;
    private final TaskScheduler heartbeats;

    /** Heart-beats run on the scheduler the message broker configuration already has (and stops). */
    StompConfig(StompAuthorization authorization, SubscriptionReceipts receipts, SocketAdmission admission,
            NotificationSettings settings, @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler heartbeats) {
        this.authorization = authorization;
        this.receipts = receipts;
        this.admission = admission;
        this.settings = settings;
        this.heartbeats = heartbeats;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Tokens travel in the CONNECT frame, never in cookies, so any origin may open the socket.
        registry.addEndpoint("/ws").setAllowedOriginPatterns("*").addInterceptors(admission);
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registry) {
        registry.addDecoratorFactory(admission)
                .setMessageSizeLimit(messageSizeLimit())
                .setSendBufferSizeLimit(Math.toIntExact(settings.sendBufferSizeLimit().toBytes()))
                .setSendTimeLimit(Math.toIntExact(settings.sendTimeLimit().toMillis()));
    }

    /**
     * The broker asks a client for heart-beats every {@code heartbeat} and offers its own every quarter of that. The
     * offer sets how often the broker looks at its sessions, and it sends a session a heart-beat only when it finds
     * one silent for longer than agreed: looking as often as agreed left gaps of up to twice the agreed interval
     * (plus the look's own delay under load), and a client that gives up after two silent intervals (stompjs, the
     * page's) dropped its session in a stampede. A client that asks for heart-beats every 10 s now hears the first
     * within 12.5 s of the last frame; Spring does not count a heart-beat as a frame sent, so a session that hears
     * nothing else then gets one at every look (every 2.5 s), four times the frames it got before.
     */
    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long beat = settings.heartbeat().toMillis();
        registry.enableSimpleBroker("/queue", "/topic").setHeartbeatValue(new long[] {Math.max(1, beat / 4), beat})
                .setTaskScheduler(heartbeats);
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        registry.setCacheLimit(settings.brokerCacheLimit());
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(authorization, receipts);
    }

    /**
     * The container refuses (closes with 1009) a WebSocket message larger than a STOMP frame may be. Tomcat checks
     * its sockets' timeouts every second instead of every ten, so a socket the server closed is dropped within
     * a second or two even if its client never answers the close frame. A socket on which nothing moved either way
     * for three times the longest client heart-beat is closed by the container: while the broker tracks a session it
     * sends heart-beats and closes a silent client sooner, so this catches only a session the broker no longer
     * tracks.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean() {
            @Override
            public void afterPropertiesSet() {
                super.afterPropertiesSet();
                if (getObject() instanceof WsWebSocketContainer tomcat) {
                    tomcat.setProcessPeriod(1);
                }
            }
        };
        container.setMaxTextMessageBufferSize(messageSizeLimit());
        container.setMaxBinaryMessageBufferSize(messageSizeLimit());
        container.setMaxSessionIdleTimeout(settings.clientHeartbeatMax().multipliedBy(3).toMillis());
        return container;
    }

    private int messageSizeLimit() {
        return Math.toIntExact(settings.messageSizeLimit().toBytes());
    }
}
