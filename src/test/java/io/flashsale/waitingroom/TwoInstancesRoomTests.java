package io.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import io.flashsale.support.FlashsaleTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One room, two instances: each with its own Redis connection, joining, ticking and drawing over the same keys. The
 * line they make together is the line one instance makes: every buyer once, the draw made once, later arrivals in
 * the order they came whichever instance took them, and buyers let through at the room's rate — not twice it.
 */
@FlashsaleTest
class TwoInstancesRoomTests {

    /** A room no sale of the database has, so the application's own ticker leaves it to this test. */
    private static final PromotionVariantId ROOM = PromotionVariantId.of(987_654_321L);

    @Autowired
    RoomLine first;

    @Autowired
    LettuceConnectionFactory connections;

    private LettuceConnectionFactory otherConnections;
    private RoomLine second;

    @BeforeEach
    void secondInstance() {
        otherConnections = new LettuceConnectionFactory(connections.getStandaloneConfiguration());
        otherConnections.afterPropertiesSet();
        otherConnections.start();
        second = new RoomLine(new StringRedisTemplate(otherConnections));
    }

    @AfterEach
    void closeSecond() {
        otherConnections.destroy();
    }

    @Test
    void twoInstancesMakeOneLine() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.HOURS);
        RoomTerms before = new RoomTerms(ROOM, true, 7200, 20, start, start.plus(1, ChronoUnit.HOURS));
        Instant expireAt = start.plus(1, ChronoUnit.DAYS);
        List<RoomLine> instances = List.of(first, second);
        for (int user = 1; user <= 40; user++) {
            RoomLine.Joined joined = instances.get(user % 2).join(before, UserId.of(user), expireAt);
            assertThat(joined.outcome()).isEqualTo(RoomLine.Joined.Outcome.JOINED);
            assertThat(instances.get((user + 1) % 2).join(before, UserId.of(user), expireAt).outcome())
                    .isEqualTo(RoomLine.Joined.Outcome.ALREADY);
        }
        // the operator brings the start forward to now
        RoomTerms terms = new RoomTerms(ROOM, true, 7200, 20, Instant.now(), start);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.advance(terms, 100L, expireAt).state()
                == RoomState.DRAWING);
        assertThat(second.advance(terms, 100L, expireAt).state()).isEqualTo(RoomState.DRAWING);

        Optional<RoomLine.DrawClaim> claim = first.claimDraw(ROOM, 42L, Duration.ofSeconds(30));
        assertThat(second.claimDraw(ROOM, 7L, Duration.ofSeconds(30))).isEmpty(); // one draws, the other waits
        assertThat(claim).hasValueSatisfying(c -> assertThat(c.count()).isEqualTo(40));
        first.placeDrawn(ROOM, Draw.order(second.arrivals(ROOM, 40), claim.get().seed()));
        assertThat(second.finishDraw(ROOM, claim.get().seed())).isTrue();

        List<Long> late = new ArrayList<>();
        for (int user = 41; user <= 50; user++) {
            late.add(instances.get(user % 2).join(terms, UserId.of(user), expireAt).spot().position());
        }
        assertThat(late).containsExactlyElementsOf(LongStream.rangeClosed(41, 50).boxed().toList());

        RoomLine.Status status = null;
        for (int tick = 0; tick < 20; tick++) { // both instances tick, each every 100 ms
            status = instances.get(tick % 2).advance(terms, 100L, expireAt);
            sleep(50);
        }
        Map<UserId, Long> positions = first.positions(ROOM,
                LongStream.rangeClosed(1, 50).mapToObj(UserId::of).toList());
        assertThat(positions.values().stream().sorted())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        long elapsed = status.at().toEpochMilli() - status.drawnAt().toEpochMilli();
        long atTheRate = Math.min(50, 20 * elapsed / 1000);
        assertThat(status.state()).isEqualTo(RoomState.SERVING);
        assertThat(status.served()).isBetween(atTheRate - 1, atTheRate + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
