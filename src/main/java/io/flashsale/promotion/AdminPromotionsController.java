package io.flashsale.promotion;

import java.net.URI;
import java.util.List;

import io.flashsale.shared.PageQuery;
import io.flashsale.shared.Pages;
import io.flashsale.shared.PromotionVariantId;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operators' side of promotions (campaigns): each with its promotion variants, and its audit trail. */
@RestController
@RequestMapping("/api/admin/promotions")
class AdminPromotionsController {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "id");

    private final Promotions promotions;

    AdminPromotionsController(Promotions promotions) {
        this.promotions = promotions;
    }

    @PostMapping
    ResponseEntity<PromotionViews.Admin> create(@Valid @RequestBody PromotionRequest request) {
        long id = promotions.create(request, Actors.current());
        return ResponseEntity.created(URI.create("/api/admin/promotions/" + id)).body(promotions.promotion(id));
    }

    @GetMapping
    ResponseEntity<List<PromotionViews.Admin>> all(@Valid PageQuery page, @Valid SaleFilter filter) {
        return Pages.of(promotions.promotions(filter, page.pageable(PageQuery.DEFAULT_SIZE, NEWEST_FIRST)));
    }

    @GetMapping("/{id}")
    PromotionViews.Admin one(@PathVariable long id) {
        return promotions.promotion(id);
    }

    @PatchMapping("/{id}")
    PromotionViews.Admin patch(@PathVariable long id, @Valid @RequestBody PromotionPatch patch) {
        return promotions.promotion(promotions.patch(id, patch, Actors.current()));
    }

    @PostMapping("/{id}/variants")
    ResponseEntity<PromotionVariantViews.Admin> addVariant(@PathVariable long id,
            @Valid @RequestBody PromotionRequest.Variant request) {
        PromotionVariantId variant = promotions.addVariant(id, request, Actors.current());
        return ResponseEntity.created(URI.create("/api/admin/promotion-variants/" + variant))
                .body(promotions.one(variant));
    }

    /** Every operator change of this promotion and of its variants, newest first. */
    @GetMapping("/{id}/audit")
    ResponseEntity<List<AuditTrail.Entry>> audit(@PathVariable long id, @Valid PageQuery page) {
        return Pages.of(promotions.auditOfPromotion(id, page.pageable(PageQuery.DEFAULT_SIZE, Sort.unsorted())));
    }
}
