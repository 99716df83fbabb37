package io.flashsale.promotion;

import java.net.URI;
import java.util.List;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.PageQuery;
import io.flashsale.shared.Pages;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operators' side of promotions (campaigns): each with its promotion variants, and its audit trail. */
@RestController
@Tag(name = "operators")
@RequestMapping("/api/admin/promotions")
class AdminPromotionsController {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "id");

    private final Promotions promotions;

    AdminPromotionsController(Promotions promotions) {
        this.promotions = promotions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createPromotion", summary = "Create a promotion with its variants")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.MALFORMED_JSON})
    ResponseEntity<PromotionViews.Admin> create(@Valid @RequestBody PromotionRequest request) {
        long id = promotions.create(request, Actors.current());
        return ResponseEntity.created(URI.create("/api/admin/promotions/" + id)).body(promotions.promotion(id));
    }

    @GetMapping
    @Operation(operationId = "listAdminPromotions", summary = "Promotions, newest first, one page, filtered")
    @ApiProblems(ProblemCode.VALIDATION_FAILED)
    ResponseEntity<List<PromotionViews.Admin>> all(@ParameterObject @Valid PageQuery page, @ParameterObject @Valid SaleFilter filter) {
        return Pages.of(promotions.promotions(filter, page.pageable(PageQuery.DEFAULT_SIZE, NEWEST_FIRST)));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getAdminPromotion", summary = "One promotion with every variant's stats")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    PromotionViews.Admin one(@PathVariable long id) {
        return promotions.promotion(id);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "patchPromotion", summary = "Change some fields of a promotion")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.MALFORMED_JSON, ProblemCode.NOT_FOUND,
            ProblemCode.CURRENCY_FIXED})
    PromotionViews.Admin patch(@PathVariable long id, @Valid @RequestBody PromotionPatch patch) {
        return promotions.promotion(promotions.patch(id, patch, Actors.current()));
    }

    @PostMapping("/{id}/variants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "addPromotionVariant", summary = "Add a variant to a promotion, in its window")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.MALFORMED_JSON, ProblemCode.NOT_FOUND})
    ResponseEntity<PromotionVariantViews.Admin> addVariant(@PathVariable long id,
            @Valid @RequestBody PromotionRequest.Variant request) {
        PromotionVariantId variant = promotions.addVariant(id, request, Actors.current());
        return ResponseEntity.created(URI.create("/api/admin/promotion-variants/" + variant))
                .body(promotions.one(variant));
    }

    /** Every operator change of this promotion and of its variants, newest first. */
    @GetMapping("/{id}/audit")
    @Operation(operationId = "listPromotionAudit", summary = "The audit entries of the promotion and its variants, newest first")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    ResponseEntity<List<AuditTrail.Entry>> audit(@PathVariable long id, @ParameterObject @Valid PageQuery page) {
        return Pages.of(promotions.auditOfPromotion(id, page.pageable(PageQuery.DEFAULT_SIZE, Sort.unsorted())));
    }
}
