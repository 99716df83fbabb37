package io.flashsale.waitingroom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * The buyers whose socket on this instance listens to their place in a room ({@code /user/queue/waiting-room/{id}}),
 * and what each was last told. Each instance tells only its own sockets, from the line in Redis, so no message
 * crosses instances; and a buyer is told only when their coarse place changes ({@link RoomTicker}).
 */
@Component
class RoomWatchers {

    /** A buyer's place in one room: this destination with the promotion variant's id. */
    static final String QUEUE_PREFIX = "/queue/waiting-room/";
    private static final Pattern QUEUE = Pattern.compile("/user" + Pattern.quote(QUEUE_PREFIX) + "(\\d{1,18})");

    /** session id → subscription id → what it watches. */
    private final Map<String, Map<String, Watch>> sessions = new ConcurrentHashMap<>();
    private final Map<PromotionVariantId, Map<UserId, Watcher>> rooms = new ConcurrentHashMap<>();

    @EventListener
    void subscribed(SessionSubscribeEvent event) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        Matcher destination = headers.getDestination() == null ? null : QUEUE.matcher(headers.getDestination());
        if (destination == null || !destination.matches() || event.getUser() == null) {
            return;
        }
        Watch watch = new Watch(PromotionVariantId.of(destination.group(1)), UserId.of(event.getUser().getName()));
        sessions.computeIfAbsent(headers.getSessionId(), s -> new ConcurrentHashMap<>())
                .put(headers.getSubscriptionId(), watch);
        rooms.computeIfAbsent(watch.room(), r -> new ConcurrentHashMap<>())
                .compute(watch.buyer(), (buyer, watcher) -> {
                    Watcher next = watcher == null ? new Watcher() : watcher;
                    next.subscriptions++;
                    next.told = null; // a new subscription hears the place at the next tick
                    return next;
                });
    }

    @EventListener
    void unsubscribed(SessionUnsubscribeEvent event) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(event.getMessage());
        Map<String, Watch> subscriptions = sessions.get(headers.getSessionId());
        if (subscriptions != null && headers.getSubscriptionId() != null) {
            forget(subscriptions.remove(headers.getSubscriptionId()));
        }
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        Map<String, Watch> subscriptions = sessions.remove(event.getSessionId());
        if (subscriptions != null) {
            subscriptions.values().forEach(this::forget);
        }
    }

    /** The buyers watching a room from this instance. */
    Map<UserId, Watcher> of(PromotionVariantId id) {
        return rooms.getOrDefault(id, Map.of());
    }

    private void forget(Watch watch) {
        if (watch == null) {
            return;
        }
        rooms.computeIfPresent(watch.room(), (room, watchers) -> {
            watchers.computeIfPresent(watch.buyer(), (buyer, watcher) -> --watcher.subscriptions > 0 ? watcher : null);
            return watchers.isEmpty() ? null : watchers;
        });
    }

    private record Watch(PromotionVariantId room, UserId buyer) {
    }

    /** One buyer watching one room here: their position once known, and what they were last told. */
    static final class Watcher {
        int subscriptions;
        /** Null until read; 0 while awaiting the draw. */
        volatile Long position;
        volatile String told;
    }
}
