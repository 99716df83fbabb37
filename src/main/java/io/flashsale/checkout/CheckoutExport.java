package io.flashsale.checkout;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flashsale.identity.Accounts;
import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The operators' export of a promotion variant's or a whole promotion's results: one CSV row per written checkout,
 * filtered by status and time, streamed page by page so any number of checkouts exports in constant memory. (It
 * lives with the checkouts it reads, under the promotion's and the promotion variant's admin paths.)
 */
@RestController
@Tag(name = "operators")
class CheckoutExport {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader("checkoutId", "userId", "email", "quantity", "unitPrice", "status", "createdAt",
                    "confirmedAt", "paidAt", "promotionVariantId", "currency")
            .get();

    private static final Sort BY_ID = Sort.by("id");
    private static final String FORMULA_STARTS = "=+-@\t\r\n";

    private final Checkouts checkouts;
    private final Accounts accounts;
    private final PromotionCatalog catalog;
    private final int page;

    CheckoutExport(Checkouts checkouts, Accounts accounts, PromotionCatalog catalog, CheckoutSettings settings) {
        this.checkouts = checkouts;
        this.accounts = accounts;
        this.catalog = catalog;
        this.page = settings.exportPage();
    }

    @GetMapping(path = "/api/admin/promotion-variants/{id}/orders.csv", produces = "text/csv")
    @Operation(operationId = "exportCheckouts", summary = "The promotion variant's written checkouts as CSV",
            responses = @ApiResponse(responseCode = "200", description = "RFC 4180 CSV, one row per written checkout",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    ResponseEntity<StreamingResponseBody> export(@PathVariable PromotionVariantId id, @ParameterObject @Valid Filter filter) {
        if (!catalog.exists(id)) {
            throw DomainException.notFound("Promotion variant");
        }
        return csv(filter.of(List.of(id)), "promotion-variant-" + id + "-orders.csv");
    }

    /** Every checkout of a promotion's variants, in the order written. */
    @GetMapping(path = "/api/admin/promotions/{id}/orders.csv", produces = "text/csv")
    @Operation(operationId = "exportPromotionCheckouts", summary = "The promotion's written checkouts as CSV",
            responses = @ApiResponse(responseCode = "200", description = "RFC 4180 CSV, one row per written checkout",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    ResponseEntity<StreamingResponseBody> exportPromotion(@PathVariable long id, @ParameterObject @Valid Filter filter) {
        List<PromotionVariantId> variants = catalog.variantsOf(id)
                .orElseThrow(() -> DomainException.notFound("Promotion"));
        return csv(filter.of(variants), "promotion-" + id + "-orders.csv");
    }

    /**
     * What an export may leave out: checkouts in other statuses, or created outside {@code [from, to)}.
     *
     * @param status any of these statuses (repeat the parameter, or separate with commas)
     */
    record Filter(List<CheckoutStatus> status, Instant from, Instant to) {

        Specification<Checkout> of(List<PromotionVariantId> variants) {
            return new CheckoutSearch(null, null, null, null, null, status, from, to).where(null, variants);
        }
    }

    private ResponseEntity<StreamingResponseBody> csv(Specification<Checkout> where, String fileName) {
        Map<PromotionVariantId, String> currencies = new HashMap<>();
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(writer, FORMAT)) {
                long after = 0;
                List<Checkout> rows;
                do {
                    long last = after;
                    Specification<Checkout> next = (root, query, cb) -> cb.greaterThan(root.get("id"), last);
                    rows = checkouts.findBy(where.and(next), q -> q.sortBy(BY_ID).limit(page).all());
                    print(csv, rows, currencies);
                    after = rows.isEmpty() ? after : rows.getLast().id();
                } while (rows.size() == page);
            }
        };
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(fileName).build().toString())
                .body(body);
    }

    /**
     * A text cell as a spreadsheet will not evaluate it (OWASP, CSV injection): one that begins with {@code =},
     * {@code +}, {@code -}, {@code @}, a tab or a line break gets a leading single quote. Only text the users wrote
     * (the e-mail) goes through here; ids, numbers, statuses and dates are the service's own.
     */
    static String text(String value) {
        return !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private void print(CSVPrinter csv, List<Checkout> rows, Map<PromotionVariantId, String> currencies)
            throws IOException {
        Map<UserId, String> emails = accounts.emailsOf(rows.stream().map(Checkout::userId).distinct().toList());
        List<PromotionVariantId> unknown = rows.stream().map(Checkout::promotionVariantId).distinct()
                .filter(v -> !currencies.containsKey(v)).toList();
        if (!unknown.isEmpty()) {
            currencies.putAll(catalog.currencies(unknown));
        }
        for (Checkout checkout : rows) {
            String email = text(emails.getOrDefault(checkout.userId(), ""));
            csv.printRecord(checkout.checkoutId(), checkout.userId(), email,
                    checkout.quantity(), checkout.unitPrice().toPlainString(), checkout.status(),
                    checkout.createdAt(), Objects.toString(checkout.confirmedAt(), ""),
                    Objects.toString(checkout.paidAt(), ""), checkout.promotionVariantId(),
                    currencies.getOrDefault(checkout.promotionVariantId(), ""));
        }
    }
}
