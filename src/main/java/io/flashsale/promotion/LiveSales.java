package io.flashsale.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Each sale's live state in Redis: written from the database after every committed change, read for the
 * {@code available} and {@code queued} figures.
 */
@Component
class LiveSales {

    private static final Logger log = LoggerFactory.getLogger(LiveSales.class);
    private static final String AVAILABLE = "available";
    private static final RedisScript<Long> SYNC =
            RedisScript.of(new ClassPathResource("scripts/sale-sync.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final PromotionSettings settings;

    LiveSales(StringRedisTemplate redis, PromotionSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /**
     * Brings an existing live state up to the sale's committed state. Returns false when Redis already had this
     * version or a newer one, or has no live state for the sale (then only {@link #create} may make one).
     */
    boolean update(SaleState sale) {
        return sync(sale, false, Map.of());
    }

    /**
     * Writes the live state from the database, creating it if missing: only for a new sale, or for a rebuild once
     * nothing admitted is still queued, so that the database's counts are complete.
     *
     * @param bought the quantity each user holds or bought in this sale
     */
    boolean create(SaleState sale, Map<Long, Integer> bought) {
        return sync(sale, true, bought);
    }

    boolean exists(long promotionVariantId) {
        return Boolean.TRUE.equals(redis.hasKey(SaleKeys.of(promotionVariantId).sale()));
    }

    private boolean sync(SaleState sale, boolean create, Map<Long, Integer> bought) {
        Instant expireAt = sale.endsAt()
                .plus(Duration.ofSeconds(2L * sale.holdSeconds()))
                .plus(settings.liveStateRetention());
        List<String> args = new ArrayList<>(List.of(
                Long.toString(sale.version()), Integer.toString(sale.stock()), Integer.toString(sale.committed()),
                sale.enabled() ? "1" : "0", Long.toString(sale.startsAt().toEpochMilli()),
                Long.toString(sale.endsAt().toEpochMilli()), Integer.toString(sale.quantityLimit()),
                Integer.toString(sale.holdSeconds()), sale.unitPrice().toPlainString(),
                Long.toString(expireAt.toEpochMilli()), create ? "1" : "0", settings.stockChannel(),
                Long.toString(sale.id())));
        bought.forEach((user, quantity) -> {
            args.add(Long.toString(user));
            args.add(Integer.toString(quantity));
        });
        Long written = redis.execute(SYNC, SaleKeys.of(sale.id()).all(), args.toArray());
        return written != null && written == 1L;
    }

    /** Available and queued for one sale; falls back to the database's figures while Redis has none. */
    LiveStats stats(PromotionVariant variant) {
        SaleKeys keys = SaleKeys.of(variant.id());
        try {
            Object available = redis.opsForHash().get(keys.sale(), AVAILABLE);
            return available == null ? fromDatabase(variant)
                    : new LiveStats(Long.parseLong(available.toString()), redis.opsForHash().size(keys.holds()));
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, showing the database's stock for sale {}: {}", variant.id(), e.getMessage());
            return fromDatabase(variant);
        }
    }

    /** What shoppers may still buy, per sale: never below zero; the database's figure while Redis has none. */
    Map<Long, Long> available(List<PromotionVariant> variants) {
        Map<Long, Long> live = Map.of();
        try {
            live = liveAvailable(variants.stream().map(PromotionVariant::id).toList());
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, showing the database's stock: {}", e.getMessage());
        }
        Map<Long, Long> result = new HashMap<>();
        for (PromotionVariant variant : variants) {
            result.put(variant.id(), live.getOrDefault(variant.id(), Math.max(0, fromDatabase(variant).available())));
        }
        return result;
    }

    /** Available per sale from Redis alone (never below zero); sales without a live state are left out. */
    Map<Long, Long> liveAvailable(Collection<Long> promotionVariantIds) {
        Map<Long, Long> result = new HashMap<>();
        for (long id : promotionVariantIds) { // one command each on the shared connection: sales are few
            Object available = redis.opsForHash().get(SaleKeys.of(id).sale(), AVAILABLE);
            if (available != null) {
                result.put(id, Math.max(0, Long.parseLong(available.toString())));
            }
        }
        return result;
    }

    private static LiveStats fromDatabase(PromotionVariant variant) {
        return new LiveStats(variant.stock() - variant.committed(), 0);
    }

    record LiveStats(long available, long queued) {
    }
}
