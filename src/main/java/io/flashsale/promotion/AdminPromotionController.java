package io.flashsale.promotion;

import java.net.URI;
import java.util.List;

import io.flashsale.shared.PromotionVariantId;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operators' side of promotion variants (role OPERATOR, enforced by the security rules on {@code /api/admin/**}). */
@RestController
@RequestMapping("/api/admin/promotion-variants")
class AdminPromotionController {

    private final Promotions promotions;

    AdminPromotionController(Promotions promotions) {
        this.promotions = promotions;
    }

    @PostMapping
    ResponseEntity<PromotionVariantViews.Admin> create(@Valid @RequestBody PromotionVariantRequest request) {
        PromotionVariantId id = promotions.create(request);
        return ResponseEntity.created(URI.create("/api/admin/promotion-variants/" + id)).body(promotions.one(id));
    }

    @GetMapping
    List<PromotionVariantViews.Admin> all() {
        return promotions.all();
    }

    @GetMapping("/{id}")
    PromotionVariantViews.Admin one(@PathVariable PromotionVariantId id) {
        return promotions.one(id);
    }

    @PatchMapping("/{id}")
    PromotionVariantViews.Admin patch(@PathVariable PromotionVariantId id, @Valid @RequestBody PromotionVariantPatch patch) {
        return promotions.one(promotions.patch(id, patch));
    }
}
