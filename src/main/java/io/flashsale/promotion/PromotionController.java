package io.flashsale.promotion;

import java.util.List;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The buyers' reads: live and upcoming promotion variants with what is still available. */
@RestController
@Tag(name = "shoppers", description = "What buyers see, without a token")
@SecurityRequirements
@RequestMapping("/api/promotion-variants")
class PromotionController {

    private final Promotions promotions;

    PromotionController(Promotions promotions) {
        this.promotions = promotions;
    }

    @GetMapping
    @Operation(operationId = "listPromotionVariants", summary = "Live and upcoming promotion variants, by start")
    List<PromotionVariantViews.Public> current() {
        return promotions.current();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getPromotionVariant", summary = "One enabled promotion variant")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    PromotionVariantViews.Public one(@PathVariable PromotionVariantId id) {
        return promotions.shown(id);
    }
}
