package io.flashsale.promotion;

import java.util.List;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.PageQuery;
import io.flashsale.shared.Pages;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The buyers' reads: live and upcoming promotions and promotion variants, with what is still available. */
@RestController
@Tag(name = "shoppers", description = "What buyers see, without a token")
@SecurityRequirements
class PromotionController {

    private static final Sort BY_START = Sort.by("startsAt", "id");

    private final Promotions promotions;

    PromotionController(Promotions promotions) {
        this.promotions = promotions;
    }

    @GetMapping("/api/promotion-variants")
    @Operation(operationId = "listPromotionVariants", summary = "Live and upcoming promotion variants, by start, one page")
    @ApiProblems(ProblemCode.VALIDATION_FAILED)
    ResponseEntity<List<PromotionVariantViews.Public>> current(@ParameterObject @Valid PageQuery page,
            @RequestParam(required = false) @Size(max = 200) String name) {
        return Pages.of(promotions.current(name, page.pageable(100, BY_START)));
    }

    @GetMapping("/api/promotion-variants/{id}")
    @Operation(operationId = "getPromotionVariant", summary = "One enabled promotion variant")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    PromotionVariantViews.Public one(@PathVariable PromotionVariantId id) {
        return promotions.shown(id);
    }

    @GetMapping("/api/promotions")
    @Operation(operationId = "listPromotions", summary = "Live and upcoming promotions with their variants, by start, one page")
    @ApiProblems(ProblemCode.VALIDATION_FAILED)
    ResponseEntity<List<PromotionViews.Public>> currentPromotions(@ParameterObject @Valid PageQuery page,
            @RequestParam(required = false) @Size(max = 200) String name) {
        return Pages.of(promotions.currentPromotions(name, page.pageable(PageQuery.DEFAULT_SIZE, BY_START)));
    }

    @GetMapping("/api/promotions/{id}")
    @Operation(operationId = "getPromotion", summary = "One promotion with its enabled variants")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    PromotionViews.Public promotion(@PathVariable long id) {
        return promotions.shownPromotion(id);
    }
}
