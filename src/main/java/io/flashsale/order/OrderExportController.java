package io.flashsale.order;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.flashsale.identity.Accounts;
import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.ApiException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.data.domain.Limit;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The operators' export of a sale's results: one CSV row per checkout order, streamed page by page so a sale of
 * any size exports in constant memory. (It lives with the orders it reads, under the sale's admin path.)
 */
@RestController
class OrderExportController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final int PAGE = 1_000;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader("checkoutId", "userId", "email", "quantity", "unitPrice", "status", "createdAt",
                    "confirmedAt", "paidAt")
            .get();

    private final CheckoutOrders orders;
    private final Accounts accounts;
    private final PromotionCatalog catalog;

    OrderExportController(CheckoutOrders orders, Accounts accounts, PromotionCatalog catalog) {
        this.orders = orders;
        this.accounts = accounts;
        this.catalog = catalog;
    }

    @GetMapping("/api/admin/promotion-variants/{id}/orders.csv")
    ResponseEntity<StreamingResponseBody> export(@PathVariable long id) {
        if (!catalog.exists(id)) {
            throw ApiException.notFound("Promotion variant");
        }
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(writer, FORMAT)) {
                long after = 0;
                List<CheckoutOrder> page;
                do {
                    page = orders.findByPromotionVariantIdAndIdGreaterThanOrderByIdAsc(id, after, Limit.of(PAGE));
                    print(csv, page);
                    after = page.isEmpty() ? after : page.getLast().id();
                } while (page.size() == PAGE);
            }
        };
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("promotion-variant-" + id + "-orders.csv").build().toString())
                .body(body);
    }

    private void print(CSVPrinter csv, List<CheckoutOrder> page) throws IOException {
        Map<Long, String> emails = accounts.emailsOf(page.stream().map(CheckoutOrder::userId).distinct().toList());
        for (CheckoutOrder order : page) {
            csv.printRecord(order.checkoutId(), order.userId(), emails.getOrDefault(order.userId(), ""),
                    order.quantity(), order.unitPrice().toPlainString(), order.status(), order.createdAt(),
                    Objects.toString(order.confirmedAt(), ""), Objects.toString(order.paidAt(), ""));
        }
    }
}
