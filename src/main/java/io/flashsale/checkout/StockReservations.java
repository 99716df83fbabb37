package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.promotion.SaleKeys;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Stock held in Redis: admitting a checkout, giving its units back, and the holds of checkouts admitted but not yet
 * persisted. Every change is one Lua script over the keys of one sale (see {@code scripts/reserve.lua} and
 * {@code scripts/release.lua} for their invariants); scripts are called by SHA and reloaded on NOSCRIPT.
 */
@Component
public class StockReservations {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE =
            RedisScript.of(new ClassPathResource("scripts/reserve.lua"), List.class);
    private static final RedisScript<Long> RELEASE =
            RedisScript.of(new ClassPathResource("scripts/release.lua"), Long.class);

    private final StringRedisTemplate redis;
    private final PromotionCatalog catalog;
    private final CheckoutSettings settings;

    StockReservations(StringRedisTemplate redis, PromotionCatalog catalog, CheckoutSettings settings) {
        this.redis = redis;
        this.catalog = catalog;
        this.settings = settings;
    }

    Admission reserve(long promotionVariantId, long userId, int quantity, UUID checkoutId, Instant now,
            String idempotencyKey) {
        List<?> reply = redis.execute(RESERVE, SaleKeys.of(promotionVariantId).all(),
                Long.toString(userId), Integer.toString(quantity), checkoutId.toString(),
                Long.toString(now.toEpochMilli()), idempotencyKey == null ? "" : idempotencyKey,
                catalog.stockChannel(), Long.toString(promotionVariantId));
        String outcome = String.valueOf(reply.getFirst());
        return switch (outcome) {
            case "OK" -> new Admission.Admitted(UUID.fromString((String) reply.get(1)), instant(reply.get(2)),
                    new BigDecimal((String) reply.get(3)), Integer.parseInt((String) reply.get(4)),
                    Long.parseLong((String) reply.get(5)));
            case "DUPLICATE" -> new Admission.Duplicate(UUID.fromString((String) reply.get(1)), instant(reply.get(2)));
            default -> new Admission.Refused(outcome);
        };
    }

    /**
     * Undoes the admission of a checkout that was never persisted (no broker confirm, or dead-lettered): gives its
     * units back if its hold is still recorded, and marks it undone so a late copy of its message creates nothing.
     *
     * @return whether units were given back (false: already undone, or persisted)
     */
    public boolean releaseHold(CheckoutReserved checkout) {
        return release("hold", checkout.promotionVariantId(), checkout.checkoutId(), checkout.userId(),
                checkout.quantity(), checkout.idempotencyKey());
    }

    /** Gives back the units of a persisted checkout that expired, was cancelled or failed. */
    public boolean returnStock(long promotionVariantId, UUID checkoutId, long userId, int quantity) {
        return release("order", promotionVariantId, checkoutId, userId, quantity, null);
    }

    /** Forgets the holds of checkouts now persisted: they no longer count as queued. */
    public void forgetHolds(long promotionVariantId, Collection<UUID> checkoutIds) {
        if (!checkoutIds.isEmpty()) {
            redis.opsForHash().delete(SaleKeys.of(promotionVariantId).holds(),
                    checkoutIds.stream().map(UUID::toString).toArray());
        }
    }

    /** The checkouts among these that were undone after admission: their messages must create nothing. */
    public Set<UUID> undone(long promotionVariantId, Collection<UUID> checkoutIds) {
        List<UUID> ids = List.copyOf(checkoutIds);
        List<Boolean> members = redis.execute((RedisCallback<List<Boolean>>) connection -> connection.setCommands()
                .sMIsMember(SaleKeys.of(promotionVariantId).undone().getBytes(),
                        ids.stream().map(id -> id.toString().getBytes()).toArray(byte[][]::new)));
        Set<UUID> undone = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (members != null && Boolean.TRUE.equals(members.get(i))) {
                undone.add(ids.get(i));
            }
        }
        return undone;
    }

    /** A checkout admitted but not yet persisted, looked for in the holds of the current sales. */
    public Optional<QueuedHold> queuedHold(UUID checkoutId) {
        List<Long> sales = new ArrayList<>(catalog.currentSaleIds());
        if (sales.isEmpty()) {
            return Optional.empty();
        }
        List<Object> holds = redis.executePipelined((RedisCallback<Object>) connection -> {
            sales.forEach(sale -> connection.hashCommands()
                    .hGet(SaleKeys.of(sale).holds().getBytes(), checkoutId.toString().getBytes()));
            return null;
        });
        for (int i = 0; i < sales.size(); i++) {
            if (holds.get(i) instanceof String hold) {
                String[] parts = hold.split(":");
                return Optional.of(new QueuedHold(checkoutId, sales.get(i), Long.parseLong(parts[0]),
                        Integer.parseInt(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2])),
                        new BigDecimal(parts[3])));
            }
        }
        return Optional.empty();
    }

    private boolean release(String mode, long promotionVariantId, UUID checkoutId, long userId, int quantity,
            String idempotencyKey) {
        Long released = redis.execute(RELEASE, SaleKeys.of(promotionVariantId).all(), mode, checkoutId.toString(),
                Long.toString(userId), Integer.toString(quantity), idempotencyKey == null ? "" : idempotencyKey,
                catalog.stockChannel(), Long.toString(promotionVariantId),
                Long.toString(settings.undoneRetention().toMillis()));
        return released != null && released == 1L;
    }

    private static Instant instant(Object epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong((String) epochMillis));
    }

    /** What Redis answered to a snap-up. */
    sealed interface Admission {
        record Admitted(UUID checkoutId, Instant expiresAt, BigDecimal unitPrice, int holdSeconds, long availableLeft)
                implements Admission {
        }

        record Duplicate(UUID checkoutId, Instant expiresAt) implements Admission {
        }

        /** @param reason SOLD_OUT, LIMIT_EXCEEDED, NOT_STARTED, ENDED, or MISSING (no live state) */
        record Refused(String reason) implements Admission {
        }
    }

    /** A checkout Redis admitted that the worker has not yet persisted. */
    public record QueuedHold(UUID checkoutId, long promotionVariantId, long userId, int quantity, Instant expiresAt,
            BigDecimal unitPrice) {
    }
}
