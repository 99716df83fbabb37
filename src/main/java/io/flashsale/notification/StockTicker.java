package io.flashsale.notification;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
import org.springframework.web.socket.messaging.SessionSubscribeEvent;

/**
 * Live stock on {@code /topic/promotion-variants/{id}}: every {@code stockInterval}, each promotion variant that an
 * open session on this instance watches ({@link StompSessions#watched()}) and buyers still see is read from Redis,
 * and its topic hears of it only when it changed. So a topic carries at most a few messages a second whatever the
 * rate of snap-ups, and nothing is read for a session that closed or a promotion variant that was disabled.
 */
@Component
class StockTicker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StockTicker.class);
    private static final String TOPIC = StompAuthorization.STOCK_TOPIC_PREFIX;

    private final LiveStock stock;
    private final SimpMessagingTemplate stomp;
    private final StompSessions sessions;
    private final ShownVariants shown;
    private final NotificationSettings settings;
    private final Map<PromotionVariantId, Long> lastSent = new ConcurrentHashMap<>();

    StockTicker(LiveStock stock, SimpMessagingTemplate stomp, StompSessions sessions, ShownVariants shown,
            NotificationSettings settings) {
        this.stock = stock;
        this.stomp = stomp;
        this.sessions = sessions;
        this.shown = shown;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::tick, settings.stockInterval());
    }

    /** The newcomer hears the current figure at the next tick. */
    @EventListener
    void subscribed(SessionSubscribeEvent event) {
        PromotionVariantId id = StompAuthorization.stockOf(SimpMessageHeaderAccessor.wrap(event.getMessage())
                .getDestination());
        if (id != null) {
            lastSent.remove(id);
        }
    }

    void tick() {
        try {
            Set<PromotionVariantId> watched = sessions.watched().stream().filter(shown::isShown)
                    .collect(Collectors.toSet());
            lastSent.keySet().retainAll(watched);
            if (watched.isEmpty()) {
                return;
            }
            stock.available(watched).forEach((id, available) -> {
                if (!available.equals(lastSent.put(id, available))) {
                    stomp.convertAndSend(TOPIC + id, new StockChanged(id, available));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Stock ticker skipped a beat: {}", e.toString());
        }
    }

    /** What a promotion variant's topic carries. */
    record StockChanged(PromotionVariantId promotionVariantId, long available) {
    }
}
