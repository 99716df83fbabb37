package io.flashsale.checkout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.CheckoutId;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.UserId;
import io.flashsale.snapup.CheckoutReserved;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter console (role OPERATOR, enforced by the security rules on {@code /api/admin/**}): dead-lettered
 * checkouts with why they failed, re-driven one by one or all at once, or discarded with a note.
 */
@RestController
@Validated
@Tag(name = "operators")
@RequestMapping("/api/admin/dead-letters")
class AdminDeadLetterController {

    private final DeadLetterConsole console;
    private final DeadLetterRecord record;
    private final JsonMapper json;

    AdminDeadLetterController(DeadLetterConsole console, DeadLetterRecord record, JsonMapper json) {
        this.console = console;
        this.record = record;
        this.json = json;
    }

    @GetMapping
    @Operation(operationId = "listDeadLetters", summary = "Dead-lettered checkouts, newest first (PENDING: waiting "
            + "for an operator)")
    @ApiProblems(ProblemCode.VALIDATION_FAILED)
    List<DeadLetterView> list(@RequestParam(required = false) DeadLetterRecord.Status status,
            @RequestParam(defaultValue = "0") @Min(0) long before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return record.list(status, before, limit).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDeadLetter", summary = "One dead-lettered checkout with what operators did")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    DeadLetterView one(@PathVariable long id) {
        return view(console.one(id));
    }

    @PostMapping("/{id}/redrive")
    @Operation(operationId = "redriveDeadLetter", summary = "Put the checkout's message back on the order queue")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND, ProblemCode.DEAD_LETTER_RESOLVED})
    DeadLetterView redrive(@PathVariable long id, UserId operator) {
        console.redrive(id, operator);
        return view(console.one(id));
    }

    @PostMapping("/redrive")
    @Operation(operationId = "redriveAllDeadLetters", summary = "Re-drive every PENDING dead letter")
    Redriven redriveAll(UserId operator) {
        return new Redriven(console.redriveAll(operator));
    }

    @PostMapping("/{id}/discard")
    @Operation(operationId = "discardDeadLetter", summary = "Give the checkout's units back and record it FAILED")
    @ApiProblems({ProblemCode.NOT_FOUND, ProblemCode.DEAD_LETTER_RESOLVED})
    DeadLetterView discard(@PathVariable long id, @Valid @RequestBody Discard discard, UserId operator) {
        console.discard(id, operator, discard.note().strip());
        return view(console.one(id));
    }

    private DeadLetterView view(DeadLetterRecord.DeadLetter d) {
        CheckoutReserved message = json.readValue(d.payload(), CheckoutReserved.class);
        return new DeadLetterView(d.id(), d.checkoutId(), d.promotionVariantId(), d.userId().value(), d.quantity(),
                message.unitPrice(), message.expiresAt(), d.reason(), d.status(), d.timesDeadLettered(),
                d.deadLetteredAt(), d.resolvedAt(), d.checkoutStatus(), d.payload(),
                record.actions(d.id()).stream().map(a -> new ActionView(a.action(), a.operatorId().value(), a.note(),
                        a.at())).toList());
    }

    record Discard(@NotBlank @Size(max = 1000) String note) {
    }

    record Redriven(int redriven) {
    }

    /**
     * @param checkoutStatus the checkout as it stands now: QUEUED while its units are held and nothing is written
     * @param payload the order message as the broker gave it up
     */
    @Schema(name = "DeadLetter")
    record DeadLetterView(long id, CheckoutId checkoutId, long promotionVariantId, long userId, int quantity,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice, Instant expiresAt, String reason,
            DeadLetterRecord.Status status, int timesDeadLettered, Instant deadLetteredAt,
            @Schema(types = {"string", "null"}, format = "date-time") Instant resolvedAt,
            CheckoutStatus checkoutStatus, String payload, List<ActionView> actions) {
    }

    @Schema(name = "DeadLetterAction")
    record ActionView(DeadLetterRecord.Action action, long operatorId,
            @Schema(types = {"string", "null"}) String note, Instant at) {
    }
}
