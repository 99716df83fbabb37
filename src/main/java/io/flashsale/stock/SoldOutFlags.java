package io.flashsale.stock;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.shared.PromotionVariantId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * This instance's memory of sold-out promotion variants, so that the stampede after the last unit is refused
 * without a Redis round trip. The scripts announce {@code out:ID} and {@code in:ID} on the stock channel; every
 * instance listens. A flag lapses after {@code soldOutRecheck}: the next snap-up asks Redis again, which announces
 * the variant sold out again if it still is, so an announcement lost with a dropped subscription can't keep
 * admission closed.
 */
@Component
class SoldOutFlags implements MessageListener {

    private final Map<PromotionVariantId, Long> soldOutSince = new ConcurrentHashMap<>();
    private final long recheckNanos;

    SoldOutFlags(StockSettings settings) {
        this.recheckNanos = settings.soldOutRecheck().toNanos();
    }

    boolean isSoldOut(PromotionVariantId id) {
        Long since = soldOutSince.get(id);
        return since != null && System.nanoTime() - since < recheckNanos;
    }

    void soldOut(PromotionVariantId id) {
        soldOutSince.put(id, System.nanoTime());
    }

    void backInStock(PromotionVariantId id) {
        soldOutSince.remove(id);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String body = new String(message.getBody(), StandardCharsets.US_ASCII);
        int colon = body.indexOf(':');
        if (colon < 0) {
            return;
        }
        PromotionVariantId id = PromotionVariantId.of(body.substring(colon + 1));
        switch (body.substring(0, colon)) {
            case "out" -> soldOut(id);
            case "in" -> backInStock(id);
            default -> {
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Subscription {

        @Bean
        RedisMessageListenerContainer stockAnnouncements(RedisConnectionFactory redis, SoldOutFlags flags,
                StockSettings settings) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redis);
            container.addMessageListener(flags, new ChannelTopic(settings.channel()));
            return container;
        }
    }
}
