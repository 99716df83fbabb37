package io.flashsale.waitingroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.flashsale.shared.DomainException;
import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.stereotype.Service;

/**
 * The waiting room module's API. {@link #checkPass} is what the snap-up asks: while a sale's room is on, only a
 * buyer holding a valid pass for that sale gets through — checked from this instance's copy of the rooms and the
 * pass's signature alone, no server asked. The buyer's join and place are the room's own endpoints.
 */
@Service
public class WaitingRoom {

    private final Rooms rooms;
    private final RoomLine line;
    private final Passes passes;
    private final WaitingRoomSettings settings;
    private final Clock clock;

    WaitingRoom(Rooms rooms, RoomLine line, Passes passes, WaitingRoomSettings settings, Clock clock) {
        this.rooms = rooms;
        this.line = line;
        this.passes = passes;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Lets a snap-up through, or refuses it: with the sale's room on, a missing or expired pass is 409
     * {@code WAITING_ROOM}, a pass not signed by us or signed for another buyer or sale 400 {@code INVALID_PASS}.
     */
    public void checkPass(PromotionVariantId id, UserId buyer, String pass) {
        if (rooms.on(id).isEmpty()) {
            return;
        }
        if (pass == null) {
            throw new DomainException(DomainException.Kind.CONFLICT, "WAITING_ROOM",
                    "This sale has a waiting room: join it, and snap up with the pass you get when your turn comes.");
        }
        switch (passes.verify(pass, id, buyer)) {
            case VALID -> {
            }
            case EXPIRED -> throw new DomainException(DomainException.Kind.CONFLICT, "WAITING_ROOM",
                    "Your pass has expired: ask the waiting room for your place again.");
            case INVALID -> throw new DomainException(DomainException.Kind.INVALID, "INVALID_PASS",
                    "This pass is not valid for you and this sale.");
        }
    }

    Place join(PromotionVariantId id, UserId buyer) {
        RoomTerms terms = terms(id);
        RoomLine.Joined joined = line.join(terms, buyer, expireAt(terms));
        return switch (joined.outcome()) {
            case JOINED, ALREADY, PLACE -> place(id, buyer, joined.spot());
            case NOT_OPEN -> throw new DomainException(DomainException.Kind.CONFLICT, "ROOM_NOT_OPEN",
                    "The waiting room opens at " + terms.opensAt() + ".",
                    Duration.between(joined.spot().at(), terms.opensAt()).plusSeconds(1));
            case ENDED -> throw DomainException.conflict("ENDED", "The sale has ended.");
        };
    }

    Place place(PromotionVariantId id, UserId buyer) {
        terms(id);
        return place(id, buyer, line.place(id, buyer));
    }

    /** The buyer's place from a reading of the room, with a fresh pass once their turn has come. */
    Place place(PromotionVariantId id, UserId buyer, RoomLine.Spot spot) {
        boolean joined = spot.position() >= 0;
        boolean placed = spot.position() > 0;
        boolean admitted = placed && spot.position() <= spot.served();
        Long place = placed ? Math.max(0, spot.position() - spot.served()) : null;
        Long wait = place != null && spot.state() == RoomState.SERVING && spot.rate() > 0
                ? (place + spot.rate() - 1) / spot.rate() : null;
        Passes.Pass pass = admitted && spot.state() == RoomState.SERVING ? passes.issue(id, buyer) : null;
        return new Place(id, spot.state(), joined, placed ? spot.position() : null, place, spot.served(),
                spot.length(), spot.rate(), wait, admitted, pass == null ? null : pass.token(),
                pass == null ? null : pass.expiresAt(), spot.at());
    }

    /** When a room's keys go: the retention after its sale ended. */
    Instant expireAt(RoomTerms terms) {
        Instant after = terms.endsAt().plus(settings.retention());
        Instant soonest = clock.instant().plus(settings.retention());
        return after.isAfter(soonest) ? after : soonest;
    }

    private RoomTerms terms(PromotionVariantId id) {
        return rooms.on(id).orElseThrow(() -> DomainException.notFound("Waiting room"));
    }
}
