package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.promotion.SaleKeys;
import org.springframework.core.io.ClassPathResource;
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
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM =
            RedisScript.of(new ClassPathResource("scripts/claim.lua"), List.class);

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
            case "OK" -> new Admission.Admitted(instant(reply.get(2)), new BigDecimal((String) reply.get(3)),
                    Integer.parseInt((String) reply.get(4)));
            case "DUPLICATE" -> new Admission.Duplicate(UUID.fromString((String) reply.get(1)), instant(reply.get(2)));
            default -> new Admission.Refused(outcome);
        };
    }

    /**
     * Takes back the admission of a checkout that could not be queued (no broker confirm). If the worker has
     * claimed it meanwhile, it was queued after all and is left alone.
     */
    public Undo undo(CheckoutReserved checkout) {
        long result = release("undo", checkout.promotionVariantId(), checkout.checkoutId(), checkout.userId(),
                checkout.quantity(), checkout.idempotencyKey());
        return result == 1 ? Undo.UNDONE : result == 2 ? Undo.CLAIMED : Undo.GONE;
    }

    /**
     * Gives back the units of an admitted checkout that will never be a live order: its hold ran out in the queue,
     * the database guard refused it, or it was dead-lettered. Harmless to repeat.
     *
     * @return whether units were given back (false: its hold was already settled)
     */
    public boolean releaseUnwritten(CheckoutReserved checkout) {
        return release("unwritten", checkout.promotionVariantId(), checkout.checkoutId(), checkout.userId(),
                checkout.quantity(), checkout.idempotencyKey()) == 1;
    }

    /** Gives back the units of a written checkout that expired, was cancelled or failed. */
    public boolean returnStock(long promotionVariantId, UUID checkoutId, long userId, int quantity) {
        return release("order", promotionVariantId, checkoutId, userId, quantity, null) == 1;
    }

    /**
     * The worker claims checkouts before writing them, so that no undo races the write.
     *
     * @return the checkouts among these whose admission was taken back: their messages must create nothing
     */
    public Set<UUID> claim(long promotionVariantId, Collection<UUID> checkoutIds) {
        List<?> undone = redis.execute(CLAIM, SaleKeys.of(promotionVariantId).all(),
                checkoutIds.stream().map(UUID::toString).toArray());
        Set<UUID> result = new HashSet<>();
        undone.forEach(id -> result.add(UUID.fromString((String) id)));
        return result;
    }

    /** Forgets the holds and claims of checkouts now written: they no longer count as queued. */
    public void forgetHolds(long promotionVariantId, Collection<UUID> checkoutIds) {
        if (checkoutIds.isEmpty()) {
            return;
        }
        SaleKeys keys = SaleKeys.of(promotionVariantId);
        Object[] ids = checkoutIds.stream().map(UUID::toString).toArray();
        // two commands on the shared connection (a pipeline would take a connection of its own)
        redis.opsForHash().delete(keys.holds(), ids);
        redis.opsForSet().remove(keys.claimed(), ids);
    }

    /** A checkout admitted but not yet persisted, looked for in the holds of the current sales. */
    public Optional<QueuedHold> queuedHold(UUID checkoutId) {
        for (long sale : catalog.currentSaleIds()) {
            Object hold = redis.opsForHash().get(SaleKeys.of(sale).holds(), checkoutId.toString());
            if (hold instanceof String recorded) {
                String[] parts = recorded.split(":");
                return Optional.of(new QueuedHold(checkoutId, sale, Long.parseLong(parts[0]),
                        Integer.parseInt(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2])),
                        new BigDecimal(parts[3])));
            }
        }
        return Optional.empty();
    }

    private long release(String mode, long promotionVariantId, UUID checkoutId, long userId, int quantity,
            String idempotencyKey) {
        Long released = redis.execute(RELEASE, SaleKeys.of(promotionVariantId).all(), mode, checkoutId.toString(),
                Long.toString(userId), Integer.toString(quantity), idempotencyKey == null ? "" : idempotencyKey,
                catalog.stockChannel(), Long.toString(promotionVariantId),
                Long.toString(settings.undoneRetention().toMillis()));
        return released == null ? 0 : released;
    }

    private static Instant instant(Object epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong((String) epochMillis));
    }

    /** What taking back an admission came to. */
    public enum Undo {
        /** The units are back and the checkout will create nothing. */
        UNDONE,
        /** The worker has it: it was queued after all. */
        CLAIMED,
        /** Its hold was already settled: written by the worker, or gone with a lost live state. */
        GONE
    }

    /** What Redis answered to a snap-up. */
    sealed interface Admission {
        record Admitted(Instant expiresAt, BigDecimal unitPrice, int holdSeconds) implements Admission {
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
