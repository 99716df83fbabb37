package io.flashsale.stock;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

/**
 * The stock module's API: every change to a promotion variant's live state, and every read of it. Each change is
 * one Lua script over the keys of one promotion variant (their headers in {@code scripts/} state the invariants);
 * scripts are called by SHA and reloaded on NOSCRIPT. Redis failures surface as Spring's
 * {@link org.springframework.dao.DataAccessException}.
 */
@Service
public class LiveStock {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADMIT = RedisScript.of(new ClassPathResource("scripts/admit.lua"),
            List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> GIVE_BACK =
            RedisScript.of(new ClassPathResource("scripts/give-back.lua"), List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = RedisScript.of(new ClassPathResource("scripts/claim.lua"),
            List.class);
    private static final RedisScript<Long> SYNC = RedisScript.of(new ClassPathResource("scripts/sync.lua"),
            Long.class);
    private static final RedisScript<Long> PAID = RedisScript.of(new ClassPathResource("scripts/paid.lua"),
            Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RECONCILE =
            RedisScript.of(new ClassPathResource("scripts/reconcile.lua"), List.class);
    private static final RedisScript<Long> BUYER_SALES =
            RedisScript.of(new ClassPathResource("scripts/buyer-sales.lua"), Long.class);
    private static final String AVAILABLE = "available";

    private final StringRedisTemplate redis;
    private final SoldOutFlags soldOut;
    private final CurrentVariants current;
    private final StockSettings settings;
    private final Clock clock;
    private final Counter admitCalls;

    LiveStock(StringRedisTemplate redis, SoldOutFlags soldOut, CurrentVariants current, StockSettings settings,
            Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.soldOut = soldOut;
        this.current = current;
        this.settings = settings;
        this.clock = clock;
        this.admitCalls = meters.counter("flashsale.stock.scripts", "script", "admit");
    }

    /**
     * Whether this instance knows the promotion variant is sold out (its flag, set by the scripts' announcement and
     * lapsing after {@code soldOutRecheck}): answered from memory, no Redis call.
     */
    public boolean isSoldOut(PromotionVariantId id) {
        return soldOut.isSoldOut(id);
    }

    /**
     * Admits a new checkout or says why not. While this instance's sold-out flag stands, a snap-up without an
     * Idempotency-Key is refused without asking Redis; a retry with a key must get its checkout back, sold out or
     * not, and only Redis knows it.
     */
    public Admission admit(PromotionVariantId id, UserId buyer, int quantity, String idempotencyKey,
            String clientAddress) {
        if (idempotencyKey == null && soldOut.isSoldOut(id)) {
            return new Admission.Refused(Refusal.SOLD_OUT);
        }
        CheckoutId checkoutId = CheckoutId.random();
        Instant now = clock.instant();
        admitCalls.increment();
        List<?> reply = redis.execute(ADMIT, StockKeys.of(id).all(), buyer.toString(), Integer.toString(quantity),
                checkoutId.toString(), Long.toString(now.toEpochMilli()), orEmpty(idempotencyKey),
                settings.channel(), id.toString(), orEmpty(clientAddress));
        String outcome = String.valueOf(reply.getFirst());
        return switch (outcome) {
            case "OK" -> withinBuyersBound(new Admission.Admitted(new Hold(id, checkoutId, buyer, quantity,
                    idempotencyKey, clientAddress), instant(reply.get(2)), new BigDecimal((String) reply.get(3)),
                    Integer.parseInt((String) reply.get(4))), now);
            case "DUPLICATE" -> new Admission.Duplicate(CheckoutId.of((String) reply.get(1)), instant(reply.get(2)));
            case "MISSING" -> new Admission.Refused(current.contains(id) ? Refusal.PAUSED : Refusal.NOT_FOUND);
            case "COOLING_DOWN" -> new Admission.Refused(Refusal.COOLING_DOWN,
                    Duration.between(now, instant(reply.get(1))));
            default -> new Admission.Refused(Refusal.valueOf(outcome));
        };
    }

    /**
     * The admission stands if its buyer holds few enough other promotion variants unpaid
     * ({@code maxVariantsHeldPerBuyer}); otherwise it is undone at once. The buyer's entry lasts as long as the
     * checkout could (its hold, and a payment deadline as long), and then lapses by itself.
     */
    private Admission withinBuyersBound(Admission.Admitted admitted, Instant now) {
        int bound = settings.maxVariantsHeldPerBuyer();
        Hold hold = admitted.hold();
        if (bound == 0) {
            return admitted;
        }
        Instant until = admitted.expiresAt().plusSeconds(admitted.holdSeconds());
        Long allowed;
        try {
            allowed = redis.execute(BUYER_SALES, List.of(buyerKey(hold.userId())), Long.toString(now.toEpochMilli()),
                    hold.promotionVariantId().toString(), Long.toString(until.toEpochMilli()), Integer.toString(bound));
        } catch (DataAccessException e) {
            undo(hold); // the admission must not outlive a check that could not be made (if this fails too: 503)
            throw e;
        }
        if (allowed != null && allowed == 1) {
            return admitted;
        }
        undo(hold);
        return new Admission.Refused(Refusal.TOO_MANY_SALES_HELD);
    }

    /** The buyer's own key, apart from every promotion variant's (its own hash tag, so any Redis Cluster slot). */
    private static String buyerKey(UserId buyer) {
        return "{buyer:" + buyer.value() + "}:held";
    }

    /**
     * Takes back the admission of a checkout that could not be queued (no broker confirm). If the worker has
     * claimed it meanwhile, it was queued after all and is left alone.
     */
    public Undo undo(Hold hold) {
        long result = giveBack("undo", List.of(hold), false).getFirst();
        return switch ((int) result) {
            case 1 -> Undo.UNDONE;
            case 2 -> Undo.CLAIMED;
            case 3 -> Undo.LOST;
            default -> Undo.GONE;
        };
    }

    /**
     * Gives back the units of a queued checkout that will never be written as a live one: the database guard or the
     * terms refused it (written FAILED), or it was dead-lettered. Harmless to repeat.
     *
     * @return whether units were given back (false: its hold was already settled)
     */
    public boolean giveBackQueued(Hold hold) {
        return giveBack("queued", List.of(hold), false).getFirst() == 1;
    }

    /**
     * Gives back the units of written checkouts that expired or were cancelled, and starts their buyers'
     * cool-downs; the database's compare-and-set on their status made this the only give-back of these units. One
     * script call per promotion variant, however many checkouts.
     */
    public void giveBackAbandoned(Collection<Hold> holds) {
        holds.stream().collect(Collectors.groupingBy(Hold::promotionVariantId))
                .forEach((id, ofOneVariant) -> giveBack("written", ofOneVariant, true));
    }

    /**
     * A written checkout was paid: its units no longer count as unpaid for the address it came from, and its buyer
     * no longer holds the promotion variant unpaid.
     */
    public void paid(Hold hold) {
        redis.execute(PAID, StockKeys.of(hold.promotionVariantId()).all(), orEmpty(hold.clientAddress()),
                Integer.toString(hold.quantity()), hold.checkoutId().toString());
        if (settings.maxVariantsHeldPerBuyer() > 0) {
            redis.execute(BUYER_SALES, List.of(buyerKey(hold.userId())), Long.toString(clock.instant().toEpochMilli()),
                    hold.promotionVariantId().toString(), "", "0");
        }
    }

    /**
     * The worker claims queued checkouts before writing them, so that no undo races the write. Those it can't
     * claim are named: undone ones, and unknown ones — whose messages don't describe the hold recorded for them
     * while the live state exists: never admitted as described (forged), or gone with a rebuilt live state.
     */
    public Claim claim(PromotionVariantId id, Collection<QueuedCheckout> described) {
        List<String> args = new ArrayList<>();
        for (QueuedCheckout checkout : described) {
            args.addAll(List.of(checkout.checkoutId().toString(), checkout.recordedHold(),
                    orEmpty(checkout.clientAddress())));
        }
        List<?> reply = redis.execute(CLAIM, StockKeys.of(id).all(), args.toArray());
        return new Claim(checkoutIds(reply.get(0)), checkoutIds(reply.get(1)));
    }

    /** Settles checkouts now written: their holds and claims are forgotten, and they no longer count as queued. */
    public void settle(PromotionVariantId id, Collection<CheckoutId> checkoutIds) {
        if (checkoutIds.isEmpty()) {
            return;
        }
        StockKeys keys = StockKeys.of(id);
        Object[] ids = checkoutIds.stream().map(CheckoutId::toString).toArray();
        // two commands on the shared connection (a pipeline would take a connection of its own)
        redis.opsForHash().delete(keys.holds(), ids);
        redis.opsForSet().remove(keys.claimed(), ids);
    }

    /** A queued checkout, looked for in the holds of the current promotion variants. */
    public Optional<QueuedCheckout> queued(CheckoutId checkoutId) {
        for (PromotionVariantId id : current.all()) {
            if (redis.opsForHash().get(StockKeys.of(id).holds(), checkoutId.toString()) instanceof String hold) {
                return Optional.of(parseHold(id, checkoutId, hold));
            }
        }
        return Optional.empty();
    }

    /** Whether the admission of this checkout was undone (or its hold reaped): its message creates nothing. */
    public boolean undone(PromotionVariantId id, CheckoutId checkoutId) {
        return Boolean.TRUE.equals(redis.opsForSet().isMember(StockKeys.of(id).undone(), checkoutId.toString()));
    }

    /** Every queued checkout of one promotion variant, read in pages (there may be many during a backlog). */
    List<QueuedCheckout> queuedOf(PromotionVariantId id) {
        List<QueuedCheckout> queued = new ArrayList<>();
        try (Cursor<Map.Entry<Object, Object>> holds = redis.opsForHash().scan(StockKeys.of(id).holds(),
                ScanOptions.scanOptions().count(1_000).build())) {
            holds.forEachRemaining(hold -> queued.add(parseHold(id, CheckoutId.of((String) hold.getKey()),
                    (String) hold.getValue())));
        }
        return queued;
    }

    /**
     * Gives back the units of a queued checkout that nothing will ever write, unless the worker claimed it
     * meanwhile; marks it undone, so a late copy of its message creates nothing.
     *
     * @return whether it was reaped
     */
    boolean reap(QueuedCheckout checkout) {
        return giveBack("reap", List.of(new Hold(checkout.promotionVariantId(), checkout.checkoutId(),
                checkout.userId(), checkout.quantity(), null, checkout.clientAddress())), false).getFirst() == 1;
    }

    /** A hold as admit.lua records it: user:quantity:expiresAt:unitPrice:holdSeconds:address (IPv6 has colons). */
    private static QueuedCheckout parseHold(PromotionVariantId id, CheckoutId checkoutId, String hold) {
        String[] parts = hold.split(":", 6);
        return new QueuedCheckout(checkoutId, id, UserId.of(parts[0]), Integer.parseInt(parts[1]),
                Instant.ofEpochMilli(Long.parseLong(parts[2])), new BigDecimal(parts[3]), Integer.parseInt(parts[4]),
                parts.length > 5 && !parts[5].isEmpty() ? parts[5] : null);
    }

    /** What buyers may still take, per promotion variant (never below zero); those without a live state are left out. */
    public Map<PromotionVariantId, Long> available(Collection<PromotionVariantId> ids) {
        Map<PromotionVariantId, Long> result = new HashMap<>();
        for (PromotionVariantId id : ids) { // one command each on the shared connection: variants are few
            Object available = redis.opsForHash().get(StockKeys.of(id).state(), AVAILABLE);
            if (available != null) {
                result.put(id, Math.max(0, Long.parseLong(available.toString())));
            }
        }
        return result;
    }

    /** Available and queued of one promotion variant; empty while it has no live state. */
    public Optional<Figures> figures(PromotionVariantId id) {
        StockKeys keys = StockKeys.of(id);
        Object available = redis.opsForHash().get(keys.state(), AVAILABLE);
        return available == null ? Optional.empty()
                : Optional.of(new Figures(Long.parseLong(available.toString()), redis.opsForHash().size(keys.holds())));
    }

    /**
     * Brings a live state up to the committed terms, or creates it when {@code create} says the database's counts
     * are complete (a new promotion variant, or a rebuild once everything admitted is written).
     *
     * @param current whether these terms are the database's latest (the periodic sync, a rebuild) rather than a
     *     commit's, which may arrive after a newer one: the latest overrule any version Redis claims to have
     * @param bought when creating, the units each buyer holds or bought
     * @param unpaid when creating, the units held unpaid per client address
     * @return whether a new version was written (false: Redis had this version — then only its terms were restored
     *     — or a newer one, or no live state to update)
     */
    boolean write(StockTerms terms, boolean create, boolean current, Map<UserId, Integer> bought,
            Map<String, Integer> unpaid) {
        Instant expireAt = terms.endsAt()
                .plus(Duration.ofSeconds(2L * terms.holdSeconds()))
                .plus(settings.liveStateRetention());
        List<String> args = new ArrayList<>(List.of(
                Long.toString(terms.version()), Integer.toString(terms.stock()), Integer.toString(terms.committed()),
                terms.enabled() ? "1" : "0", Long.toString(terms.startsAt().toEpochMilli()),
                Long.toString(terms.endsAt().toEpochMilli()), Integer.toString(terms.quantityLimit()),
                Integer.toString(terms.holdSeconds()), terms.unitPrice().toPlainString(),
                Long.toString(expireAt.toEpochMilli()), create ? "1" : "0", settings.channel(),
                terms.id().toString(), Integer.toString(terms.maxUnpaidPerAddress()),
                Integer.toString(terms.abandonCoolDownSeconds()), current ? "1" : "0",
                Integer.toString(bought.size())));
        bought.forEach((buyer, units) -> {
            args.add(buyer.toString());
            args.add(Integer.toString(units));
        });
        unpaid.forEach((address, units) -> {
            args.add(address);
            args.add(Integer.toString(units));
        });
        Long written = redis.execute(SYNC, StockKeys.of(terms.id()).all(), args.toArray());
        return written != null && written == 1L;
    }

    /**
     * Compares a live state with the record at rest (see reconcile.lua) and, if {@code repair}, writes the record's
     * figures into it, in one atomic step.
     *
     * @return the drift found, or empty when the live state is missing or at another version than the record
     */
    Optional<Drift> reconcile(Recorded recorded, boolean repair) {
        StockTerms terms = recorded.terms();
        List<String> args = new ArrayList<>(List.of(Long.toString(terms.version()), Integer.toString(terms.stock()),
                Integer.toString(terms.committed()), repair ? "1" : "0", settings.channel(), terms.id().toString()));
        recorded.bought().forEach((buyer, units) -> {
            args.add(buyer.toString());
            args.add(Integer.toString(units));
        });
        List<?> reply = redis.execute(RECONCILE, StockKeys.of(terms.id()).all(), args.toArray());
        if (!"OK".equals(reply.getFirst())) {
            return Optional.empty();
        }
        return Optional.of(new Drift(((Number) reply.get(1)).longValue(), ((Number) reply.get(2)).longValue()));
    }

    boolean exists(PromotionVariantId id) {
        return Boolean.TRUE.equals(redis.hasKey(StockKeys.of(id).state()));
    }

    /** Runs give-back.lua over holds of one promotion variant; returns its answer per hold. */
    private List<Long> giveBack(String mode, List<Hold> holds, boolean abandoned) {
        PromotionVariantId id = holds.getFirst().promotionVariantId();
        List<String> args = new ArrayList<>(List.of(mode, settings.channel(), id.toString(),
                Long.toString(settings.undoneRetention().toMillis()), Long.toString(clock.instant().toEpochMilli()),
                abandoned ? "1" : "0"));
        for (Hold hold : holds) {
            args.addAll(List.of(hold.checkoutId().toString(), hold.userId().toString(),
                    Integer.toString(hold.quantity()), orEmpty(hold.idempotencyKey()), orEmpty(hold.clientAddress())));
        }
        List<?> given = redis.execute(GIVE_BACK, StockKeys.of(id).all(), args.toArray());
        return given.stream().map(result -> ((Number) result).longValue()).toList();
    }

    private static Set<CheckoutId> checkoutIds(Object reply) {
        Set<CheckoutId> result = new HashSet<>();
        ((List<?>) reply).forEach(checkoutId -> result.add(CheckoutId.of((String) checkoutId)));
        return result;
    }

    private static String orEmpty(String argument) {
        return argument == null ? "" : argument;
    }

    private static Instant instant(Object epochMillis) {
        return Instant.ofEpochMilli(Long.parseLong((String) epochMillis));
    }

    /** What undoing an admission came to. */
    public enum Undo {
        /** The units are back and the checkout will create nothing. */
        UNDONE,
        /** The worker has claimed it: it was queued after all. */
        CLAIMED,
        /** Its hold was already settled: written by the worker (or gone with a live state lost and rebuilt). */
        GONE,
        /**
         * No live state at all (Redis lost it): nothing to give back, and the checkout is marked undone, so a copy of
         * its message that did reach the broker creates nothing.
         */
        LOST
    }

    /**
     * Drift between a live state and the record.
     *
     * @param available what {@code available} should be, less what it was (negative: Redis offered units that are
     *     not there)
     * @param buyers buyers whose count differed
     */
    record Drift(long available, long buyers) {

        boolean any() {
            return available != 0 || buyers != 0;
        }
    }

    /**
     * What claiming a batch came to: the checkouts whose messages must create nothing.
     *
     * @param undone admitted and then undone (no broker confirm)
     * @param unknown no hold recorded while the live state exists: never admitted here, or already settled
     */
    public record Claim(Set<CheckoutId> undone, Set<CheckoutId> unknown) {
    }

    /**
     * @param available what Redis can still admit (below zero after a withdrawal beyond it)
     * @param queued checkouts admitted and not yet written
     */
    public record Figures(long available, long queued) {
    }
}
