package io.flashsale.notification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.flashsale.promotion.PromotionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Live stock on {@code /topic/promotion-variants/{id}}: every {@code stockInterval}, each sale someone on this
 * instance watches is read from Redis in one pipelined call, and its topic hears of it only when it changed. So a
 * sale's topic carries at most a few messages a second whatever the rate of sales.
 */
@Component
class StockTicker {

    private static final Logger log = LoggerFactory.getLogger(StockTicker.class);
    private static final String TOPIC = StompAuthorization.STOCK_TOPIC_PREFIX;

    private final PromotionCatalog catalog;
    private final SimpMessagingTemplate stomp;
    /** Subscriptions per sale, and per session the sale of each subscription id. */
    private final Map<Long, AtomicInteger> watchers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastSent = new ConcurrentHashMap<>();

    StockTicker(PromotionCatalog catalog, SimpMessagingTemplate stomp) {
        this.catalog = catalog;
        this.stomp = stomp;
    }

    @EventListener
    void subscribed(SessionSubscribeEvent event) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        String destination = headers.getDestination();
        if (StompAuthorization.isStockTopic(destination)) {
            long sale = Long.parseLong(destination.substring(TOPIC.length()));
            sessions.computeIfAbsent(headers.getSessionId(), s -> new ConcurrentHashMap<>())
                    .put(headers.getSubscriptionId(), sale);
            watchers.computeIfAbsent(sale, s -> new AtomicInteger()).incrementAndGet();
            lastSent.remove(sale); // the newcomer hears the current figure at the next tick
        }
    }

    @EventListener
    void unsubscribed(SessionUnsubscribeEvent event) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        Map<String, Long> subscriptions = sessions.get(headers.getSessionId());
        if (subscriptions != null) {
            unwatch(subscriptions.remove(headers.getSubscriptionId()));
        }
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        Map<String, Long> subscriptions = sessions.remove(event.getSessionId());
        if (subscriptions != null) {
            subscriptions.values().forEach(this::unwatch);
        }
    }

    @Scheduled(fixedDelayString = "${flashsale.notification.stock-interval:PT0.5S}")
    void tick() {
        if (watchers.isEmpty()) {
            return;
        }
        try {
            catalog.liveAvailable(watchers.keySet()).forEach((sale, available) -> {
                if (!available.equals(lastSent.put(sale, available))) {
                    stomp.convertAndSend(TOPIC + sale, new StockChanged(sale, available));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Stock ticker skipped a beat: {}", e.toString());
        }
    }

    private void unwatch(Long sale) {
        if (sale != null) {
            watchers.computeIfPresent(sale, (s, count) -> count.decrementAndGet() <= 0 ? null : count);
        }
    }

    /** What a sale's topic carries. */
    record StockChanged(long promotionVariantId, long available) {
    }
}
