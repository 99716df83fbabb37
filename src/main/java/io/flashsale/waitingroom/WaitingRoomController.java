package io.flashsale.waitingroom;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
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
@RequestMapping("/api/waiting-rooms/{id}")
class WaitingRoomController {

    private final WaitingRoom room;

    WaitingRoomController(WaitingRoom room) {
        this.room = room;
    }

    @PostMapping
    Place join(@PathVariable PromotionVariantId id, UserId buyer) {
        return room.join(id, buyer);
    }

    @GetMapping
    Place place(@PathVariable PromotionVariantId id, UserId buyer) {
        return room.place(id, buyer);
    }
}
