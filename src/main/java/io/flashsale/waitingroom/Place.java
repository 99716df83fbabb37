package io.flashsale.waitingroom;

import java.time.Instant;

import io.flashsale.shared.PromotionVariantId;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A buyer's place in a waiting room, as {@code GET}/{@code POST /api/waiting-rooms/{id}} and the buyer's queue
 * {@code /user/queue/waiting-room/{id}} tell it.
 *
 * @param joined whether the buyer is in the room
 * @param position the buyer's position in line counted from the front (null: not joined, or awaiting the draw)
 * @param place how many buyers are still to be let through up to and including this one (0 once admitted)
 * @param servingUpTo the last position let through
 * @param length how many buyers the room holds
 * @param estimatedWaitSeconds place / rate, while the room serves
 * @param admitted whether the buyer's turn has come
 * @param pass the signed pass to snap up with ({@code Flashsale-Pass}), while admitted and the room serves
 * @param at when the room's figures were read (Redis's time)
 */
@Schema(name = "RoomPlace")
record Place(PromotionVariantId promotionVariantId, RoomState state, boolean joined,
        @Schema(types = {"integer", "null"}, format = "int64") Long position, @Schema(types = {"integer", "null"}, format = "int64") Long place,
        long servingUpTo, long length, int ratePerSecond, @Schema(types = {"integer", "null"}, format = "int64") Long estimatedWaitSeconds,
        boolean admitted, @Schema(types = {"string", "null"}) String pass, @Schema(types = {"string", "null"}, format = "date-time") Instant passExpiresAt, Instant at) {
}
