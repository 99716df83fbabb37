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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.LuaScripts;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final RedisScript<List> ADMIT = LuaScripts.of("scripts/admit.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> GIVE_BACK =
            LuaScripts.of("scripts/give-back.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = LuaScripts.of("scripts/claim.lua", List.class);
    private static final RedisScript<Long> SYNC = LuaScripts.of("scripts/sync.lua", Long.class);
    private static final RedisScript<Long> PAID = LuaScripts.of("scripts/paid.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RECONCILE =
            LuaScripts.of("scripts/reconcile.lua", List.class);
    private static final RedisScript<Long> BUYER_SALES =
            LuaScripts.of("scripts/buyer-sales.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> MOVE_OUT =
            LuaScripts.of("scripts/move-out.lua", List.class);
    private static final RedisScript<Long> MOVE_IN =
            LuaScripts.of("scripts/move-in.lua", Long.class);
    private static final RedisScript<Long> MOVE_BACK =
            LuaScripts.of("scripts/move-back.lua", Long.class);
    private static final RedisScript<Long> PAUSE = RedisScript.of(
            "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'paused', '1') end return 1",
            Long.class);
    private static final String AVAILABLE = "available";
    private static final Logger log = LoggerFactory.getLogger(LiveStock.class);

    private final StringRedisTemplate redis;
    private final SoldOutFlags soldOut;
    private final CurrentVariants current;
    private final StockSettings settings;
    private final Clock clock;
    private final Counter admitCalls;
    /** The buckets of each promotion variant this instance has seen: fixed at creation, so never stale. */
    private final Map<PromotionVariantId, Integer> buckets = new ConcurrentHashMap<>();

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
        int of = bucketsOf(id);
        int bucket = StockBuckets.of(buyer, of);
        List<?> reply = admitIn(id, bucket, of, buyer, quantity, checkoutId, now, idempotencyKey, clientAddress);
        if (of > 1 && "SOLD_OUT".equals(reply.getFirst())) {
            // this bucket is dry: stock moves in from the others, until one admission fits or none has any
            for (int round = 0; round < of && "SOLD_OUT".equals(reply.getFirst())
                    && refill(id, bucket, quantity, of); round++) {
                reply = admitIn(id, bucket, of, buyer, quantity, checkoutId, clock.instant(), idempotencyKey,
                        clientAddress);
            }
            if ("SOLD_OUT".equals(reply.getFirst())) {
                announceIfSoldOut(id, of);
            }
        }
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

    /** Announces a promotion variant of several buckets sold out once all of them are; a failure to ask stays quiet. */
    private void announceIfSoldOut(PromotionVariantId id, int of) {
        try {
            if (available(id, of) <= 0) {
                redis.convertAndSend(settings.channel(), "out:" + id);
            }
        } catch (DataAccessException e) { // the refusal stands; the next one asks again
            log.debug("Could not tell whether promotion variant {} is sold out: {}", id, e.getMessage());
        }
    }

    private List<?> admitIn(PromotionVariantId id, int bucket, int of, UserId buyer, int quantity, CheckoutId checkoutId,
            Instant now, String idempotencyKey, String clientAddress) {
        admitCalls.increment();
        return redis.execute(ADMIT, StockKeys.of(id, bucket, of).all(), buyer.toString(), Integer.toString(quantity),
                checkoutId.toString(), Long.toString(now.toEpochMilli()), orEmpty(idempotencyKey),
                settings.channel(), id.toString(), orEmpty(clientAddress));
    }

    /**
     * Moves stock into a dry bucket from the others (each gives half of what it has, or what is wanted if more),
     * until it has received {@code wanted} units or asked every other bucket.
     *
     * @return whether any units moved in
     */
    private boolean refill(PromotionVariantId id, int bucket, int wanted, int of) {
        int received = 0;
        for (int step = 1; step < of && received < wanted; step++) {
            int giver = (bucket + step) % of;
            String move = CheckoutId.random().toString();
            try {
                List<?> given = redis.execute(MOVE_OUT, StockKeys.of(id, giver, of).all(), move,
                        Integer.toString(bucket), Integer.toString(wanted - received),
                        Long.toString(clock.instant().toEpochMilli()));
                long units = ((Number) given.getFirst()).longValue();
                if (units > 0 && completeMove(id, of, giver, move, bucket, units, (String) given.get(1))) {
                    received += (int) units;
                }
            } catch (DataAccessException e) { // one giver's shard out of reach: ask the next (a move it gave stays
                // recorded, and the reaper completes it)
                log.warn("Could not move stock of promotion variant {} from bucket {}: {}", id, giver, e.getMessage());
            }
        }
        return received > 0;
    }

    /**
     * The receiving half of a move, then the giver forgets it — or, if the receiver refused it (no live state, another
     * epoch), takes its units back. A failure leaves it recorded, to {@link #completeMoves}.
     *
     * @return whether the receiver took it
     */
    private boolean completeMove(PromotionVariantId id, int of, int giver, String move, int receiver, long units,
            String epoch) {
        Long taken = redis.execute(MOVE_IN, StockKeys.of(id, receiver, of).all(), move, Long.toString(units), epoch,
                settings.channel(), id.toString());
        if (taken != null && taken == 1L) {
            redis.opsForHash().delete(StockKeys.of(id, giver, of).moves(), move);
            return true;
        }
        // refused, or taken before (by the refill that gave it, or an earlier completion): move-back.lua gives back
        // only what this bucket's epoch still counts as given and nobody took
        if (Boolean.TRUE.equals(redis.opsForSet().isMember(StockKeys.of(id, receiver, of).received(), move))) {
            redis.opsForHash().delete(StockKeys.of(id, giver, of).moves(), move);
            return true;
        }
        redis.execute(MOVE_BACK, StockKeys.of(id, giver, of).all(), move, settings.channel(), id.toString());
        return false;
    }

    /**
     * Completes the moves between buckets that were given longer ago than {@code givenBefore} and not yet
     * forgotten: a process died between the giving and the receiving half.
     *
     * @return how many it completed
     */
    int completeMoves(PromotionVariantId id, Instant givenBefore) {
        int of = bucketsOf(id);
        int completed = 0;
        for (int giver = 0; giver < of; giver++) {
            for (Map.Entry<Object, Object> move : redis.opsForHash().entries(StockKeys.of(id, giver, of).moves())
                    .entrySet()) {
                String[] parts = ((String) move.getValue()).split(":"); // recipient:units:epoch:at
                if (Long.parseLong(parts[3]) < givenBefore.toEpochMilli()) {
                    completeMove(id, of, giver, (String) move.getKey(), Integer.parseInt(parts[0]),
                            Long.parseLong(parts[1]), parts[2]);
                    completed++;
                }
            }
        }
        return completed;
    }

    /**
     * How many buckets a promotion variant's live stock has: remembered from its terms or, the first time, read from
     * its bucket 0 (1 while there is none: a live state being rebuilt is found missing in bucket 0 too).
     */
    int bucketsOf(PromotionVariantId id) {
        Integer known = buckets.get(id);
        if (known != null) {
            return known;
        }
        Object stored = redis.opsForHash().get(StockKeys.of(id).state(), "buckets");
        if (stored == null) {
            return 1;
        }
        int of = Integer.parseInt(stored.toString());
        buckets.put(id, of);
        return of;
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
                .forEach((id, ofOneVariant) -> {
                    int of = bucketsOf(id);
                    ofOneVariant.stream().collect(Collectors.groupingBy(hold -> StockBuckets.of(hold.userId(), of)))
                            .forEach((bucket, ofOneBucket) -> giveBack("written", ofOneBucket, true));
                });
    }

    /**
     * A written checkout was paid: its units no longer count as unpaid for the address it came from, and its buyer
     * no longer holds the promotion variant unpaid.
     */
    public void paid(Hold hold) {
        redis.execute(PAID, keysOf(hold), orEmpty(hold.clientAddress()),
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
        int of = bucketsOf(id);
        Claim claim = new Claim(new HashSet<>(), new HashSet<>());
        described.stream().collect(Collectors.groupingBy(checkout -> StockBuckets.of(checkout.userId(), of)))
                .forEach((bucket, ofOneBucket) -> {
                    List<String> args = new ArrayList<>();
                    for (QueuedCheckout checkout : ofOneBucket) {
                        args.addAll(List.of(checkout.checkoutId().toString(), checkout.recordedHold(),
                                orEmpty(checkout.clientAddress())));
                    }
                    List<?> reply = redis.execute(CLAIM, StockKeys.of(id, bucket, of).all(), args.toArray());
                    claim.undone().addAll(checkoutIds(reply.get(0)));
                    claim.unknown().addAll(checkoutIds(reply.get(1)));
                });
        return claim;
    }

    /** Settles checkouts now written: their holds and claims are forgotten, and they no longer count as queued. */
    public void settle(PromotionVariantId id, Collection<CheckoutId> checkoutIds) {
        if (checkoutIds.isEmpty()) {
            return;
        }
        Object[] ids = checkoutIds.stream().map(CheckoutId::toString).toArray();
        // two commands a bucket on the shared connection (a pipeline would take a connection of its own); the ids
        // name no buyer, so with several buckets each is asked: a checkout's hold is in one of them
        for (int bucket = 0, of = bucketsOf(id); bucket < of; bucket++) {
            StockKeys keys = StockKeys.of(id, bucket, of);
            redis.opsForHash().delete(keys.holds(), ids);
            redis.opsForSet().remove(keys.claimed(), ids);
        }
    }

    /** A queued checkout, looked for in the holds of the current promotion variants. */
    public Optional<QueuedCheckout> queued(CheckoutId checkoutId) {
        for (PromotionVariantId id : current.all()) {
            for (int bucket = 0, of = bucketsOf(id); bucket < of; bucket++) {
                if (redis.opsForHash().get(StockKeys.of(id, bucket, of).holds(), checkoutId.toString())
                        instanceof String hold) {
                    return Optional.of(parseHold(id, checkoutId, hold));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the admission of this checkout was undone (or its hold reaped): its message creates nothing. */
    public boolean undone(PromotionVariantId id, CheckoutId checkoutId) {
        for (int bucket = 0, of = bucketsOf(id); bucket < of; bucket++) {
            if (Boolean.TRUE.equals(redis.opsForSet().isMember(StockKeys.of(id, bucket, of).undone(),
                    checkoutId.toString()))) {
                return true;
            }
        }
        return false;
    }

    /** Every queued checkout of one promotion variant, read in pages (there may be many during a backlog). */
    List<QueuedCheckout> queuedOf(PromotionVariantId id) {
        List<QueuedCheckout> queued = new ArrayList<>();
        for (int bucket = 0, of = bucketsOf(id); bucket < of; bucket++) {
            try (Cursor<Map.Entry<Object, Object>> holds = redis.opsForHash().scan(StockKeys.of(id, bucket, of).holds(),
                    ScanOptions.scanOptions().count(1_000).build())) {
                holds.forEachRemaining(hold -> queued.add(parseHold(id, CheckoutId.of((String) hold.getKey()),
                        (String) hold.getValue())));
            }
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
        for (PromotionVariantId id : ids) { // one command a bucket on the shared connection: variants are few
            if (redis.opsForHash().get(StockKeys.of(id).state(), AVAILABLE) != null) {
                result.put(id, Math.max(0, available(id, bucketsOf(id))));
            }
        }
        return result;
    }

    /** What the buckets of a promotion variant have available together (those without a live state count 0). */
    private long available(PromotionVariantId id, int of) {
        long available = 0;
        for (int bucket = 0; bucket < of; bucket++) {
            Object units = redis.opsForHash().get(StockKeys.of(id, bucket, of).state(), AVAILABLE);
            available += units == null ? 0 : Long.parseLong(units.toString());
        }
        return available;
    }

    /** Available and queued of one promotion variant, all its buckets together; empty while it has no live state. */
    public Optional<Figures> figures(PromotionVariantId id) {
        if (redis.opsForHash().get(StockKeys.of(id).state(), AVAILABLE) == null) {
            return Optional.empty();
        }
        int of = bucketsOf(id);
        long queued = 0;
        for (int bucket = 0; bucket < of; bucket++) {
            queued += redis.opsForHash().size(StockKeys.of(id, bucket, of).holds());
        }
        return Optional.of(new Figures(available(id, of), queued));
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
    boolean write(StockTerms terms, Create create, boolean current, Map<UserId, Integer> bought,
            List<Recorded.Unpaid> unpaid) {
        int of = terms.buckets();
        buckets.put(terms.id(), of);
        // a new promotion variant's buckets share epoch 0; each rebuild afresh starts a new one, voiding older moves
        long epoch = create == Create.AFRESH ? clock.instant().toEpochMilli() : 0;
        boolean written = false;
        for (int bucket = 0; bucket < of; bucket++) {
            int b = bucket;
            Map<UserId, Integer> boughtHere = of == 1 ? bought : bought.entrySet().stream()
                    .filter(e -> StockBuckets.of(e.getKey(), of) == b)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Map<String, Integer> unpaidHere = unpaid.stream().filter(u -> StockBuckets.of(u.buyer(), of) == b)
                    .collect(Collectors.toMap(Recorded.Unpaid::address, Recorded.Unpaid::units, Integer::sum));
            // one bucket: the database's committed, as ever; several: each counts its own buyers', and the stock
            // they may still take is split evenly
            int committed = of == 1 ? terms.committed() : boughtHere.values().stream().mapToInt(i -> i).sum();
            int share = of == 1 ? terms.stock()
                    : committed + StockBuckets.share(terms.stock() - terms.committed(), bucket, of);
            // several buckets are rebuilt together, afresh (a lost one's share is known only from the others')
            String mode = switch (create) {
                case NEVER -> "0";
                case WHEN_MISSING -> "1";
                case AFRESH -> "2";
            };
            written |= writeBucket(terms, bucket, mode, current, committed, share, epoch, boughtHere, unpaidHere);
        }
        if (of > 1 && create == Create.NEVER) {
            coverDeficit(terms.id(), of);
        }
        return written;
    }

    /**
     * A stock withdrawal lowers bucket 0's share alone; what it takes beyond bucket 0's available is moved in from the
     * others at once, so they don't admit units the promotion variant no longer has.
     */
    private void coverDeficit(PromotionVariantId id, int of) {
        Object available = redis.opsForHash().get(StockKeys.of(id, 0, of).state(), AVAILABLE);
        long deficit = available == null ? 0 : -Long.parseLong(available.toString());
        if (deficit > 0) {
            refill(id, 0, (int) Math.min(deficit, Integer.MAX_VALUE), of);
        }
    }

    /** When {@link #write} creates a live state. */
    enum Create {
        /** Never: only an existing one is brought up to the terms. */
        NEVER,
        /** Each bucket that is missing (a new promotion variant; a rebuild of one bucket only). */
        WHEN_MISSING,
        /** Every bucket afresh, whatever is there (the rebuild of a promotion variant of several buckets). */
        AFRESH
    }

    private boolean writeBucket(StockTerms terms, int bucket, String create, boolean current, int committed,
            int share, long epoch, Map<UserId, Integer> bought, Map<String, Integer> unpaid) {
        Instant expireAt = terms.endsAt()
                .plus(Duration.ofSeconds(2L * terms.holdSeconds()))
                .plus(settings.liveStateRetention());
        List<String> args = new ArrayList<>(List.of(
                Long.toString(terms.version()), Integer.toString(terms.stock()), Integer.toString(committed),
                terms.enabled() ? "1" : "0", Long.toString(terms.startsAt().toEpochMilli()),
                Long.toString(terms.endsAt().toEpochMilli()), Integer.toString(terms.quantityLimit()),
                Integer.toString(terms.holdSeconds()), terms.unitPrice().toPlainString(),
                Long.toString(expireAt.toEpochMilli()), create, settings.channel(),
                terms.id().toString(), Integer.toString(terms.maxUnpaidPerAddress()),
                Integer.toString(terms.abandonCoolDownSeconds()), current ? "1" : "0",
                Integer.toString(terms.buckets()), Integer.toString(share), bucket == 0 ? "1" : "0",
                Long.toString(epoch), Integer.toString(bought.size())));
        bought.forEach((buyer, units) -> {
            args.add(buyer.toString());
            args.add(Integer.toString(units));
        });
        unpaid.forEach((address, units) -> {
            args.add(address);
            args.add(Integer.toString(units));
        });
        Long written = redis.execute(SYNC, StockKeys.of(terms.id(), bucket, terms.buckets()).all(), args.toArray());
        return written != null && written == 1L;
    }

    /** Stops admission in every bucket of a promotion variant one of whose buckets is lost, until it is rebuilt. */
    void pause(PromotionVariantId id, int of) {
        for (int bucket = 0; bucket < of; bucket++) {
            redis.execute(PAUSE, List.of(StockKeys.of(id, bucket, of).state()));
        }
    }

    /**
     * Compares a live state with the record at rest (see reconcile.lua) and, if {@code repair}, writes the record's
     * figures into it, in one atomic step.
     *
     * @return the drift found, or empty when the live state is missing or at another version than the record
     */
    Optional<Drift> reconcile(Recorded recorded, boolean repair) {
        StockTerms terms = recorded.terms();
        int of = terms.buckets();
        if (of == 1) {
            return reconcileBucket(terms, 0, Integer.toString(terms.stock()), terms.committed(), recorded.bought(),
                    repair);
        }
        Drift sum = new Drift(0, 0);
        for (int bucket = 0; bucket < of; bucket++) {
            int b = bucket;
            Map<UserId, Integer> bought = recorded.bought().entrySet().stream()
                    .filter(e -> StockBuckets.of(e.getKey(), of) == b)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            // each bucket against its own share: the shares move only with their bucket's available
            Optional<Drift> drift = reconcileBucket(terms, bucket, "",
                    bought.values().stream().mapToInt(i -> i).sum(), bought, repair);
            if (drift.isEmpty()) {
                return Optional.empty();
            }
            sum = new Drift(sum.available() + drift.get().available(), sum.buyers() + drift.get().buyers());
        }
        return Optional.of(sum);
    }

    private Optional<Drift> reconcileBucket(StockTerms terms, int bucket, String stock, int committed,
            Map<UserId, Integer> bought, boolean repair) {
        List<String> args = new ArrayList<>(List.of(Long.toString(terms.version()), stock,
                Integer.toString(committed), repair ? "1" : "0", settings.channel(), terms.id().toString()));
        bought.forEach((buyer, units) -> {
            args.add(buyer.toString());
            args.add(Integer.toString(units));
        });
        List<?> reply = redis.execute(RECONCILE, StockKeys.of(terms.id(), bucket, terms.buckets()).all(), args.toArray());
        if (!"OK".equals(reply.getFirst())) {
            return Optional.empty();
        }
        return Optional.of(new Drift(((Number) reply.get(1)).longValue(), ((Number) reply.get(2)).longValue()));
    }

    /**
     * Whether every bucket of the promotion variant has its live state, none is paused and all were created together
     * (one epoch); otherwise it is to be rebuilt.
     */
    boolean intact(PromotionVariantId id) {
        int of = bucketsOf(id);
        if (of == 1) {
            return Boolean.TRUE.equals(redis.hasKey(StockKeys.of(id).state()));
        }
        Set<Object> epochs = new HashSet<>();
        for (int bucket = 0; bucket < of; bucket++) {
            List<Object> state = redis.opsForHash().multiGet(StockKeys.of(id, bucket, of).state(),
                    List.of("version", "paused", "epoch"));
            if (state.get(0) == null || "1".equals(state.get(1))) {
                return false;
            }
            epochs.add(state.get(2));
        }
        return epochs.size() == 1;
    }

    /** Runs give-back.lua over holds of one bucket of one promotion variant; returns its answer per hold. */
    private List<Long> giveBack(String mode, List<Hold> holds, boolean abandoned) {
        PromotionVariantId id = holds.getFirst().promotionVariantId();
        List<String> args = new ArrayList<>(List.of(mode, settings.channel(), id.toString(),
                Long.toString(settings.undoneRetention().toMillis()), Long.toString(clock.instant().toEpochMilli()),
                abandoned ? "1" : "0"));
        for (Hold hold : holds) {
            args.addAll(List.of(hold.checkoutId().toString(), hold.userId().toString(),
                    Integer.toString(hold.quantity()), orEmpty(hold.idempotencyKey()), orEmpty(hold.clientAddress())));
        }
        List<?> given = redis.execute(GIVE_BACK, keysOf(holds.getFirst()), args.toArray());
        return given.stream().map(result -> ((Number) result).longValue()).toList();
    }

    /** The keys of the bucket a hold's buyer is in. */
    private List<String> keysOf(Hold hold) {
        PromotionVariantId id = hold.promotionVariantId();
        int of = bucketsOf(id);
        return StockKeys.of(id, StockBuckets.of(hold.userId(), of), of).all();
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
