package io.flashsale.promotion;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.stock.LiveStock;
import io.flashsale.stock.StockTermsChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators' changes to promotions and their promotion variants, and the reads of both audiences. Every committed
 * change reaches the live state (the stock module writes it once the transaction commits) and is recorded in the
 * audit trail in the same transaction. A change locks its promotion's row before any variant's. Live figures come
 * from Redis; while it has none, or can't be reached, the database's.
 */
@Service
class Promotions {

    private static final Logger log = LoggerFactory.getLogger(Promotions.class);

    private final PromotionRepository promotions;
    private final PromotionVariants variants;
    private final AuditTrail audit;
    private final LiveStock stock;
    private final ApplicationEventPublisher events;
    private final PromotionSettings settings;
    private final Clock clock;

    Promotions(PromotionRepository promotions, PromotionVariants variants, AuditTrail audit, LiveStock stock,
            ApplicationEventPublisher events, PromotionSettings settings, Clock clock) {
        this.promotions = promotions;
        this.variants = variants;
        this.audit = audit;
        this.stock = stock;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    // ---------- changes ----------

    /**
     * A promotion variant of its own: a new promotion of one (its name, product = its variant id, description, image
     * and window). Returns the new promotion variant's id; its live state is in Redis when this returns.
     */
    @Transactional
    PromotionVariantId create(PromotionVariantRequest request, UserId actor) {
        Instant now = clock.instant();
        Promotion promotion = created(Promotion.create(request.name(), request.variantId(), request.description(),
                request.imageUrl(), currencyOr(request.currency()), request.startsAt(), request.endsAt(), now), actor);
        return add(promotion, request, actor, now);
    }

    /** A promotion with its variants, each in the promotion's window. Returns the new promotion's id. */
    @Transactional
    long create(PromotionRequest request, UserId actor) {
        Instant now = clock.instant();
        Promotion promotion = created(Promotion.create(request.name(), request.productId(), request.description(),
                request.imageUrl(), currencyOr(request.currency()), request.startsAt(), request.endsAt(), now), actor);
        request.variants().forEach(v -> add(promotion, v.in(request.startsAt(), request.endsAt()), actor, now));
        return promotion.id();
    }

    /** One more variant of an existing promotion, in the promotion's window. */
    @Transactional
    PromotionVariantId addVariant(long promotionId, PromotionRequest.Variant request, UserId actor) {
        Promotion promotion = promotions.findForUpdate(promotionId).orElseThrow(Promotions::promotionNotFound);
        return add(promotion, request.in(promotion.startsAt(), promotion.endsAt()), actor, clock.instant());
    }

    /** Changes a promotion; a window given moves every variant's (each raises its live state's change). */
    @Transactional
    long patch(long promotionId, PromotionPatch patch, UserId actor) {
        Instant now = clock.instant();
        Promotion promotion = promotions.findForUpdate(promotionId).orElseThrow(Promotions::promotionNotFound);
        Map<String, Object> before = promotion.snapshot();
        promotion.apply(patch, now);
        List<PromotionVariant> own = variants.findByPromotionForUpdate(promotionId);
        if (patch.startsAt() != null || patch.endsAt() != null) {
            Instant startsAt = patch.startsAt() != null ? patch.startsAt() : promotion.startsAt();
            Instant endsAt = patch.endsAt() != null ? patch.endsAt() : promotion.endsAt();
            for (PromotionVariant variant : own) {
                Map<String, Object> variantBefore = variant.snapshot();
                variant.moveWindow(startsAt, endsAt, now);
                audit.record(AuditTrail.VARIANT_CHANGED, promotionId, variant.id(), actor, variantBefore,
                        variant.snapshot());
                saved(variant, false);
            }
            promotion.span(own, now);
        }
        promotions.flush();
        audit.record(AuditTrail.PROMOTION_CHANGED, promotionId, null, actor, before, promotion.snapshot());
        return promotionId;
    }

    /** Changes a promotion variant under its promotion's and its own row lock, so the stock check sees the current reserved and sold. */
    @Transactional
    PromotionVariantId patch(PromotionVariantId id, PromotionVariantPatch patch, UserId actor) {
        Instant now = clock.instant();
        long promotionId = variants.findPromotionIdById(id.value()).orElseThrow(Promotions::notFound);
        Promotion promotion = promotions.findForUpdate(promotionId).orElseThrow(Promotions::notFound);
        PromotionVariant variant = variants.findForUpdate(id.value()).orElseThrow(Promotions::notFound);
        Map<String, Object> before = variant.snapshot();
        variant.apply(patch, now);
        audit.record(AuditTrail.VARIANT_CHANGED, promotionId, id, actor, before, variant.snapshot());
        PromotionVariantId saved = saved(variant, false);
        spanned(promotion, actor, now);
        return saved;
    }

    private Promotion created(Promotion promotion, UserId actor) {
        Promotion saved = promotions.save(promotion);
        audit.record(AuditTrail.PROMOTION_CREATED, saved.id(), null, actor, Map.of(), saved.snapshot());
        return saved;
    }

    private PromotionVariantId add(Promotion promotion, PromotionVariantRequest request, UserId actor, Instant now) {
        PromotionVariant variant = variants.save(PromotionVariant.create(request, promotion.id(), now));
        PromotionVariantId id = saved(variant, true);
        audit.record(AuditTrail.VARIANT_CREATED, promotion.id(), id, actor, Map.of(), variant.snapshot());
        spanned(promotion, actor, now);
        return id;
    }

    /** The promotion's window follows its variants'; the move is recorded like any other change. */
    private void spanned(Promotion promotion, UserId actor, Instant now) {
        Map<String, Object> before = promotion.snapshot();
        promotion.span(variants.findByPromotionIdInOrderByIdAsc(List.of(promotion.id())), now);
        promotions.flush();
        audit.record(AuditTrail.PROMOTION_CHANGED, promotion.id(), null, actor, before, promotion.snapshot());
    }

    private PromotionVariantId saved(PromotionVariant variant, boolean created) {
        variants.flush(); // the version written to Redis must be the one this commit stores
        events.publishEvent(new StockTermsChanged(variant.terms(), created));
        return variant.id();
    }

    private String currencyOr(String currency) {
        return currency != null ? currency : settings.defaultCurrency();
    }

    // ---------- operators' reads ----------

    @Transactional(readOnly = true)
    Page<PromotionVariantViews.Admin> variants(SaleFilter filter, Pageable page) {
        Page<PromotionVariant> found = variants.findAll(filter.variants(clock.instant()), page);
        Map<Long, Promotion> owners = promotionsOf(found.getContent());
        return found.map(v -> adminView(v, owners.get(v.promotionId())));
    }

    @Transactional(readOnly = true)
    PromotionVariantViews.Admin one(PromotionVariantId id) {
        PromotionVariant variant = variants.findById(id.value()).orElseThrow(Promotions::notFound);
        return adminView(variant, promotions.findById(variant.promotionId()).orElseThrow(Promotions::notFound));
    }

    @Transactional(readOnly = true)
    Page<PromotionViews.Admin> promotions(SaleFilter filter, Pageable page) {
        Page<Promotion> found = promotions.findAll(filter.promotions(clock.instant()), page);
        Map<Long, List<PromotionVariant>> own = variantsOf(found.getContent());
        return found.map(p -> PromotionViews.Admin.of(p, own.getOrDefault(p.id(), List.of()).stream()
                .map(v -> adminView(v, p)).toList()));
    }

    @Transactional(readOnly = true)
    PromotionViews.Admin promotion(long id) {
        Promotion promotion = promotions.findById(id).orElseThrow(Promotions::promotionNotFound);
        return PromotionViews.Admin.of(promotion, variants.findByPromotionIdInOrderByIdAsc(List.of(id)).stream()
                .map(v -> adminView(v, promotion)).toList());
    }

    @Transactional(readOnly = true)
    Page<AuditTrail.Entry> auditOfPromotion(long id, Pageable page) {
        if (!promotions.existsById(id)) {
            throw promotionNotFound();
        }
        return audit.ofPromotion(id, page);
    }

    @Transactional(readOnly = true)
    Page<AuditTrail.Entry> auditOfVariant(PromotionVariantId id, Pageable page) {
        if (!variants.existsById(id.value())) {
            throw notFound();
        }
        return audit.ofVariant(id, page);
    }

    // ---------- buyers' reads ----------

    /** Promotion variants that are enabled and not yet over: live or upcoming. */
    @Transactional(readOnly = true)
    Page<PromotionVariantViews.Public> current(String name, Pageable page) {
        Specification<PromotionVariant> shown = (root, query, cb) -> cb.and(cb.isTrue(root.get("enabled")),
                cb.greaterThan(root.get("endsAt"), clock.instant()));
        Page<PromotionVariant> found = variants.findAll(shown.and(new SaleFilter(null, name, null, null)
                .variants(clock.instant())), page);
        Map<PromotionVariantId, Long> available = available(found.getContent());
        Map<Long, Promotion> owners = promotionsOf(found.getContent());
        return found.map(v -> PromotionVariantViews.Public.of(v, available.get(v.id()), owners.get(v.promotionId())));
    }

    @Transactional(readOnly = true)
    PromotionVariantViews.Public shown(PromotionVariantId id) {
        PromotionVariant variant = variants.findById(id.value()).filter(PromotionVariant::enabled)
                .orElseThrow(Promotions::notFound);
        Promotion promotion = promotions.findById(variant.promotionId()).orElseThrow(Promotions::notFound);
        return PromotionVariantViews.Public.of(variant, available(List.of(variant)).get(variant.id()), promotion);
    }

    /** Promotions with at least one enabled variant not yet over, each with its enabled variants. */
    @Transactional(readOnly = true)
    Page<PromotionViews.Public> currentPromotions(String name, Pageable page) {
        Instant now = clock.instant();
        Specification<Promotion> current = (root, query, cb) -> {
            var sub = query.subquery(Long.class);
            var v = sub.from(PromotionVariant.class);
            sub.select(v.get("id")).where(cb.equal(v.get("promotionId"), root.get("id")), cb.isTrue(v.get("enabled")),
                    cb.greaterThan(v.get("endsAt"), now));
            return cb.exists(sub);
        };
        Page<Promotion> found = promotions.findAll(current.and(new SaleFilter(null, name, null, null).promotions(now)),
                page);
        Map<Long, List<PromotionVariant>> own = variantsOf(found.getContent());
        return found.map(p -> publicView(p, own.getOrDefault(p.id(), List.of())));
    }

    /** A promotion with its enabled variants (an ended one too); none enabled: not found. */
    @Transactional(readOnly = true)
    PromotionViews.Public shownPromotion(long id) {
        Promotion promotion = promotions.findById(id).orElseThrow(Promotions::promotionNotFound);
        PromotionViews.Public view = publicView(promotion, variants.findByPromotionIdInOrderByIdAsc(List.of(id)));
        if (view.variants().isEmpty()) {
            throw promotionNotFound();
        }
        return view;
    }

    private PromotionViews.Public publicView(Promotion promotion, List<PromotionVariant> own) {
        List<PromotionVariant> shown = own.stream().filter(PromotionVariant::enabled).toList();
        Map<PromotionVariantId, Long> available = available(shown);
        return PromotionViews.Public.of(promotion, shown.stream()
                .map(v -> PromotionVariantViews.Public.of(v, available.get(v.id()), promotion)).toList());
    }

    private Map<Long, Promotion> promotionsOf(List<PromotionVariant> shown) {
        return promotions.findAllById(shown.stream().map(PromotionVariant::promotionId).distinct().toList()).stream()
                .collect(Collectors.toMap(Promotion::id, Function.identity()));
    }

    private Map<Long, List<PromotionVariant>> variantsOf(List<Promotion> shown) {
        if (shown.isEmpty()) {
            return Map.of();
        }
        return variants.findByPromotionIdInOrderByIdAsc(shown.stream().map(Promotion::id).toList()).stream()
                .collect(Collectors.groupingBy(PromotionVariant::promotionId, Collectors.toCollection(ArrayList::new)));
    }

    private PromotionVariantViews.Admin adminView(PromotionVariant variant, Promotion promotion) {
        LiveStock.Figures figures;
        try {
            figures = stock.figures(variant.id()).orElseGet(() -> fromDatabase(variant));
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, showing the database's stock for {}: {}", variant.id(), e.getMessage());
            figures = fromDatabase(variant);
        }
        return PromotionVariantViews.Admin.of(variant, figures, promotion);
    }

    /** What buyers may still take, per promotion variant: never below zero. */
    private Map<PromotionVariantId, Long> available(List<PromotionVariant> shown) {
        Map<PromotionVariantId, Long> live;
        try {
            live = shown.isEmpty() ? Map.of() : stock.available(shown.stream().map(PromotionVariant::id).toList());
        } catch (DataAccessException e) {
            log.warn("Redis unavailable, showing the database's stock: {}", e.getMessage());
            live = Map.of();
        }
        Map<PromotionVariantId, Long> result = new HashMap<>(live);
        shown.forEach(v -> result.putIfAbsent(v.id(), Math.max(0, fromDatabase(v).available())));
        return result;
    }

    private static LiveStock.Figures fromDatabase(PromotionVariant variant) {
        return new LiveStock.Figures(variant.stock() - variant.committed(), 0);
    }

    private static DomainException notFound() {
        return DomainException.notFound("Promotion variant");
    }

    private static DomainException promotionNotFound() {
        return DomainException.notFound("Promotion");
    }
}
