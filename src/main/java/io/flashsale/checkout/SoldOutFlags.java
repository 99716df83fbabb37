package io.flashsale.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.flashsale.promotion.PromotionCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * This instance's memory of sold-out sales, so that the stampede after the last unit is refused without a Redis
 * round trip. The scripts announce {@code out:ID} and {@code in:ID} on the stock channel; every instance listens.
 * A flag lapses after {@code recheck}: the next request asks Redis again, which announces the sale sold out again
 * if it still is, so an announcement lost with a dropped subscription can't keep a sale closed.
 */
@Component
class SoldOutFlags implements MessageListener {

    static final Duration RECHECK = Duration.ofSeconds(1);

    private final Map<Long, Long> soldOutSince = new ConcurrentHashMap<>();

    boolean isSoldOut(long promotionVariantId) {
        Long since = soldOutSince.get(promotionVariantId);
        return since != null && System.nanoTime() - since < RECHECK.toNanos();
    }

    void soldOut(long promotionVariantId) {
        soldOutSince.put(promotionVariantId, System.nanoTime());
    }

    void backInStock(long promotionVariantId) {
        soldOutSince.remove(promotionVariantId);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String body = new String(message.getBody(), StandardCharsets.US_ASCII);
        int colon = body.indexOf(':');
        if (colon < 0) {
            return;
        }
        long id = Long.parseLong(body.substring(colon + 1));
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
                PromotionCatalog catalog) {
            RedisMessageListenerContainer container = new RedisMessageListenerContainer();
            container.setConnectionFactory(redis);
            container.addMessageListener(flags, new ChannelTopic(catalog.stockChannel()));
            return container;
        }
    }
}
