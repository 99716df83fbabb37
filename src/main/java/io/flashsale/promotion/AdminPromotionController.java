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

/** The operators' side of promotion variants (role OPERATOR, enforced by the security rules on {@code /api/admin/**}). */
@RestController
@Tag(name = "operators", description = "Promotion variants as operators see and change them (role OPERATOR)")
@RequestMapping("/api/admin/promotion-variants")
class AdminPromotionController {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "id");

    private final Promotions promotions;

    AdminPromotionController(Promotions promotions) {
        this.promotions = promotions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createPromotionVariant", summary = "Create a promotion variant")
    ResponseEntity<PromotionVariantViews.Admin> create(@Valid @RequestBody PromotionVariantRequest request) {
        PromotionVariantId id = promotions.create(request, Actors.current());
        return ResponseEntity.created(URI.create("/api/admin/promotion-variants/" + id)).body(promotions.one(id));
    }

    /** Newest first, one page (100 by default), filtered by status, name and window. */
    @GetMapping
    @Operation(operationId = "listAdminPromotionVariants",
            summary = "Promotion variants, newest first, one page, filtered by status, name and window, with their stock figures")
    @ApiProblems(ProblemCode.VALIDATION_FAILED)
    ResponseEntity<List<PromotionVariantViews.Admin>> all(@ParameterObject @Valid PageQuery page, @ParameterObject @Valid SaleFilter filter) {
        return Pages.of(promotions.variants(filter, page.pageable(100, NEWEST_FIRST)));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getAdminPromotionVariant", summary = "One promotion variant with its stock figures")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    PromotionVariantViews.Admin one(@PathVariable PromotionVariantId id) {
        return promotions.one(id);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "patchPromotionVariant", summary = "Change some fields of a promotion variant")
    @ApiProblems({ProblemCode.NOT_FOUND, ProblemCode.STOCK_BELOW_COMMITTED})
    PromotionVariantViews.Admin patch(@PathVariable PromotionVariantId id, @Valid @RequestBody PromotionVariantPatch patch) {
        return promotions.one(promotions.patch(id, patch, Actors.current()));
    }

    /** Every operator change of this promotion variant, newest first. */
    @GetMapping("/{id}/audit")
    @Operation(operationId = "listPromotionVariantAudit", summary = "The promotion variant's audit entries, newest first")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    ResponseEntity<List<AuditTrail.Entry>> audit(@PathVariable PromotionVariantId id, @ParameterObject @Valid PageQuery page) {
        return Pages.of(promotions.auditOfVariant(id, page.pageable(PageQuery.DEFAULT_SIZE, Sort.unsorted())));
    }
}
