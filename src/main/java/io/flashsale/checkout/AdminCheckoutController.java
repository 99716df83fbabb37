package io.flashsale.checkout;

import java.util.List;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.PageQuery;
import io.flashsale.shared.Pages;
import io.flashsale.shared.ProblemCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators finding written checkouts: any buyer's, by the search's filters, newest first. */
@RestController
@Tag(name = "operators")
@RequestMapping("/api/admin/checkouts")
class AdminCheckoutController {

    static final Sort NEWEST_FIRST = Sort.by(Sort.Direction.DESC, "createdAt", "id");

    private final CheckoutSearches searches;

    AdminCheckoutController(CheckoutSearches searches) {
        this.searches = searches;
    }

    @GetMapping
    @Operation(operationId = "findCheckouts", summary = "Written checkouts of any buyer, newest first, one page, filtered")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    ResponseEntity<List<AdminCheckoutView>> find(@ParameterObject @Valid PageQuery page, @ParameterObject @Valid CheckoutSearch search) {
        return Pages.of(searches.find(search, page.pageable(PageQuery.DEFAULT_SIZE, NEWEST_FIRST)));
    }

    @GetMapping("/{checkoutId}")
    @Operation(operationId = "getAdminCheckout", summary = "One written checkout, any buyer's")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    AdminCheckoutView one(@PathVariable CheckoutId checkoutId) {
        CheckoutSearch byId = new CheckoutSearch(null, null, checkoutId, null, null, null, null, null);
        return searches.find(byId, PageRequest.of(0, 1)).stream().findFirst()
                .orElseThrow(() -> DomainException.notFound("Checkout"));
    }
}
