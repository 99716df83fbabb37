package io.flashsale.notification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.stock.LiveStock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Live stock on {@code /topic/promotion-variants/{id}}: every {@code stockInterval}, each promotion variant someone
 * on this instance watches is read from Redis, and its topic hears of it only when it changed. So a topic carries at
 * most a few messages a second whatever the rate of snap-ups.
 */
@Component
class StockTicker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StockTicker.class);
    private static final String TOPIC = StompAuthorization.STOCK_TOPIC_PREFIX;

    private final LiveStock stock;
    private final SimpMessagingTemplate stomp;
    /** Subscriptions per promotion variant, and per session the promotion variant of each subscription id. */
    private final Map<PromotionVariantId, AtomicInteger> watchers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PromotionVariantId>> sessions = new ConcurrentHashMap<>();
    private final Map<PromotionVariantId, Long> lastSent = new ConcurrentHashMap<>();

    private final NotificationSettings settings;

    StockTicker(LiveStock stock, SimpMessagingTemplate stomp, NotificationSettings settings) {
        this.stock = stock;
        this.stomp = stomp;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::tick, settings.stockInterval());
    }

    @EventListener
    void subscribed(SessionSubscribeEvent event) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        String destination = headers.getDestination();
        if (StompAuthorization.isStockTopic(destination)) {
            PromotionVariantId id = PromotionVariantId.of(destination.substring(TOPIC.length()));
            sessions.computeIfAbsent(headers.getSessionId(), s -> new ConcurrentHashMap<>())
                    .put(headers.getSubscriptionId(), id);
            watchers.computeIfAbsent(id, s -> new AtomicInteger()).incrementAndGet();
            lastSent.remove(id); // the newcomer hears the current figure at the next tick
        }
    }

    @EventListener
    void unsubscribed(SessionUnsubscribeEvent event) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        Map<String, PromotionVariantId> subscriptions = sessions.get(headers.getSessionId());
        if (subscriptions != null) {
            unwatch(subscriptions.remove(headers.getSubscriptionId()));
        }
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        Map<String, PromotionVariantId> subscriptions = sessions.remove(event.getSessionId());
        if (subscriptions != null) {
            subscriptions.values().forEach(this::unwatch);
        }
    }

    void tick() {
        if (watchers.isEmpty()) {
            return;
        }
        try {
            stock.available(watchers.keySet()).forEach((id, available) -> {
                if (!available.equals(lastSent.put(id, available))) {
                    stomp.convertAndSend(TOPIC + id, new StockChanged(id, available));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Stock ticker skipped a beat: {}", e.toString());
        }
    }

    private void unwatch(PromotionVariantId id) {
        if (id != null) {
            watchers.computeIfPresent(id, (s, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    /** What a promotion variant's topic carries. */
    record StockChanged(PromotionVariantId promotionVariantId, long available) {
    }
}
