package io.flashsale.promotion;

import java.util.List;

import io.flashsale.shared.PromotionVariantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The buyers' reads: live and upcoming promotion variants with what is still available. */
@RestController
@RequestMapping("/api/promotion-variants")
class PromotionController {

    private final Promotions promotions;

    PromotionController(Promotions promotions) {
        this.promotions = promotions;
    }

    @GetMapping
    List<PromotionVariantViews.Public> current() {
        return promotions.current();
    }

    @GetMapping("/{id}")
    PromotionVariantViews.Public one(@PathVariable PromotionVariantId id) {
        return promotions.shown(id);
    }
}
