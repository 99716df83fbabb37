package io.flashsale.waitingroom;

import java.time.Instant;

import io.flashsale.promotion.PromotionCatalog;
import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.DomainException;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's side of a sale's waiting room: its terms (on or off, how long before the start it opens, its rate)
 * and how it stands (length, the front of the line, buyers let through a second, the draw's seed).
 */
@RestController
@Tag(name = "operators")
@RequestMapping("/api/admin/promotion-variants/{id}/waiting-room")
class AdminWaitingRoomController {

    private final Rooms rooms;
    private final RoomTicker ticker;
    private final PromotionCatalog catalog;

    AdminWaitingRoomController(Rooms rooms, RoomTicker ticker, PromotionCatalog catalog) {
        this.rooms = rooms;
        this.ticker = ticker;
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(operationId = "getAdminWaitingRoom", summary = "The sale's waiting room as operators see it")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    View read(@PathVariable PromotionVariantId id) {
        if (!catalog.exists(id)) {
            throw DomainException.notFound("Promotion variant");
        }
        return view(id);
    }

    @PutMapping
    @Operation(operationId = "putAdminWaitingRoom", summary = "Set the sale's waiting room's terms")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.MALFORMED_JSON, ProblemCode.NOT_FOUND})
    View write(@PathVariable PromotionVariantId id, @Valid @RequestBody Terms terms) {
        if (!catalog.exists(id)) {
            throw DomainException.notFound("Promotion variant");
        }
        rooms.save(id, terms.enabled(), terms.opensBeforeSeconds(), terms.ratePerSecond(),
                Boolean.TRUE.equals(terms.rateFollowsLane()));
        return view(id);
    }

    private View view(PromotionVariantId id) {
        Rooms.Record record = rooms.find(id)
                .orElse(new Rooms.Record(false, Terms.OPENS_BEFORE, Terms.RATE, null, null, null, false));
        var reading = record.enabled() ? ticker.last(id).orElse(null) : null;
        RoomLine.Status status = reading == null ? null : reading.status();
        return new View(id, record.enabled(), record.opensBeforeSeconds(), record.ratePerSecond(),
                record.rateFollowsLane(), status == null ? null : status.rate(),
                status == null ? null : status.state(), status == null ? null : status.length(),
                status == null ? null : status.served(), reading == null ? null : reading.admittedPerSecond(),
                seed(record.drawSeed() != null ? record.drawSeed() : status == null ? null : status.seed()),
                record.drawnAt() != null ? record.drawnAt() : status == null ? null : status.drawnAt(),
                record.drawnCount() != null ? Long.valueOf(record.drawnCount())
                        : status == null || status.drawnAt() == null ? null : status.drawn());
    }

    /** A seed is a 64-bit number: written as a string, so no JSON reader rounds it to a double. */
    private static String seed(Long seed) {
        return seed == null ? null : seed.toString();
    }

    /**
     * The operator's terms of a room.
     *
     * @param opensBeforeSeconds how long before the start buyers may join (0 – 86,400)
     * @param ratePerSecond buyers let through a second (1 – 100,000); when the rate follows the lane, the most
     * @param rateFollowsLane let buyers through at what the instances' snap-up lanes can take a second (their
     *     concurrency limit over the snap-ups' latency), at most {@code ratePerSecond}; false when left out
     */
    @Schema(name = "WaitingRoomTerms")
    record Terms(@NotNull Boolean enabled,
            @NotNull @Min(0) @Max(86_400) Integer opensBeforeSeconds,
            @NotNull @Min(1) @Max(100_000) Integer ratePerSecond,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Boolean rateFollowsLane) {

        static final int OPENS_BEFORE = 900;
        static final int RATE = 100;
    }

    /**
     * A room as the operator sees it; the live figures are null while it is off.
     *
     * @param servingRatePerSecond the rate the line moves at now: the operator's, or the lanes' when it follows them
     * @param length buyers in the room
     * @param servingUpTo the last position let through
     * @param admittedPerSecond buyers let through a second over the last few seconds
     * @param drawSeed the seed of the draw at the start (null before it), a 64-bit number as a string: with the
     *     arrivals it reproduces the order
     * @param drawnCount buyers the draw placed
     */
    @Schema(name = "AdminWaitingRoom")
    record View(PromotionVariantId promotionVariantId, boolean enabled, int opensBeforeSeconds, int ratePerSecond,
            boolean rateFollowsLane,
            @Schema(types = {"integer", "null"}, format = "int32") Integer servingRatePerSecond,
            @Schema(types = {"string", "null"}, allowableValues = {"WAITING", "DRAWING", "SERVING", "SOLD_OUT"})
            RoomState state,
            @Schema(types = {"integer", "null"}, format = "int64") Long length,
            @Schema(types = {"integer", "null"}, format = "int64") Long servingUpTo,
            @Schema(types = {"number", "null"}, format = "double") Double admittedPerSecond,
            @Schema(types = {"string", "null"}) String drawSeed,
            @Schema(types = {"string", "null"}, format = "date-time") Instant drawnAt,
            @Schema(types = {"integer", "null"}, format = "int64") Long drawnCount) {
    }
}
