package io.flashsale.waitingroom;

import io.flashsale.shared.ApiProblems;
import io.flashsale.shared.ProblemCode;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A buyer's side of a waiting room: join (once; joining again answers the same place) and read one's place — what
 * the socket pushes, for a client that lost it. Each is one Redis script.
 */
@RestController
@Tag(name = "waiting-room", description = "A sale's waiting room, for buyers")
@RequestMapping("/api/waiting-rooms/{id}")
class WaitingRoomController {

    private final WaitingRoom room;

    WaitingRoomController(WaitingRoom room) {
        this.room = room;
    }

    @PostMapping
    @Operation(operationId = "joinWaitingRoom", summary = "Join the sale's waiting room (again: the same place)")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND, ProblemCode.ROOM_NOT_OPEN, ProblemCode.ENDED})
    Place join(@PathVariable PromotionVariantId id, UserId buyer) {
        return room.join(id, buyer);
    }

    @GetMapping
    @Operation(operationId = "getWaitingRoom", summary = "The buyer's place in the sale's waiting room")
    @ApiProblems({ProblemCode.VALIDATION_FAILED, ProblemCode.NOT_FOUND})
    Place place(@PathVariable PromotionVariantId id, UserId buyer) {
        return room.place(id, buyer);
    }
}
