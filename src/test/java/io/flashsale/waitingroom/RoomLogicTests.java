package io.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.junit.jupiter.api.Test;

/** The room's pure parts: the draw, the pass and the buckets a buyer is told by. */
class RoomLogicTests {

    private static final PromotionVariantId SALE = PromotionVariantId.of(7);
    private static final UserId BUYER = UserId.of(42);

    @Test
    void aRoomThatFollowsTheLanesServesAtTheirCapacityNeverAboveTheOperatorsRateNorBelowOne() {
        Instant start = Instant.parse("2026-12-02T12:00:00Z");
        RoomTerms fixed = new RoomTerms(SALE, true, 60, 500, start, start.plusSeconds(3600));
        RoomTerms follows = new RoomTerms(SALE, true, 60, 500, start, start.plusSeconds(3600), true);
        assertThat(fixed.serving(120.7)).isSameAs(fixed);
        assertThat(follows.serving(120.7).ratePerSecond()).isEqualTo(120);
        assertThat(follows.serving(9_000).ratePerSecond()).isEqualTo(500);
        assertThat(follows.serving(0).ratePerSecond()).isEqualTo(1);
        assertThat(follows.serving(120.7)).isEqualTo(
                new RoomTerms(SALE, true, 60, 120, start, start.plusSeconds(3600), true));
    }

    @Test
    void theDrawIsAPermutationAndTheSameForTheSameSeed() {
        List<String> arrivals = IntStream.rangeClosed(1, 1000).mapToObj(Integer::toString).toList();
        List<String> drawn = Draw.order(arrivals, 12345L);
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(arrivals).isNotEqualTo(arrivals);
        assertThat(Draw.order(arrivals, 12345L)).isEqualTo(drawn);
        assertThat(Draw.order(arrivals, 12346L)).isNotEqualTo(drawn);
    }

    @Test
    void everyOrderOfFourIsAboutEquallyLikely() {
        List<String> arrivals = List.of("a", "b", "c", "d");
        Map<List<String>, Integer> seen = new HashMap<>();
        int draws = 48_000;
        for (long seed = 0; seed < draws; seed++) {
            seen.merge(Draw.order(arrivals, seed * 0x9E3779B97F4A7C15L), 1, Integer::sum);
        }
        assertThat(seen).hasSize(24);
        double expected = draws / 24.0;
        double chiSquare = seen.values().stream().mapToDouble(n -> (n - expected) * (n - expected) / expected).sum();
        assertThat(chiSquare).isLessThan(49.7); // 23 degrees of freedom: p < 0.001 beyond this
    }

    @Test
    void aPassHoldsOnlyForItsBuyerSaleAndWindow() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        Passes passes = passes(now);
        String pass = passes.issue(SALE, BUYER).token();
        assertThat(passes.verify(pass, SALE, BUYER)).isEqualTo(Passes.Verdict.VALID);
        assertThat(passes.verify(pass, SALE, UserId.of(43))).isEqualTo(Passes.Verdict.INVALID);
        assertThat(passes.verify(pass, PromotionVariantId.of(8), BUYER)).isEqualTo(Passes.Verdict.INVALID);
        assertThat(passes.verify(pass.replace("v1.7.42.", "v1.7.43."), SALE, UserId.of(43)))
                .isEqualTo(Passes.Verdict.INVALID);
        assertThat(passes.verify("v1.7.42.1.2.garbage", SALE, BUYER)).isEqualTo(Passes.Verdict.INVALID);
        assertThat(passes(now.plus(Duration.ofMinutes(2))).verify(pass, SALE, BUYER))
                .isEqualTo(Passes.Verdict.EXPIRED);
        assertThat(new Passes(settings("another-key-another-key-another-key"), Clock.fixed(now, ZoneOffset.UTC))
                .verify(pass, SALE, BUYER)).isEqualTo(Passes.Verdict.INVALID);
    }

    @Test
    void aBuyerFarBackIsToldOncePerDigit() {
        assertThat(RoomTicker.bucket(7)).isEqualTo(7);
        assertThat(RoomTicker.bucket(10)).isEqualTo(10);
        assertThat(RoomTicker.bucket(19)).isEqualTo(10);
        assertThat(RoomTicker.bucket(99)).isEqualTo(90);
        assertThat(RoomTicker.bucket(123_456)).isEqualTo(100_000);
        long distinct = IntStream.rangeClosed(1, 1_000_000).mapToLong(RoomTicker::bucket).distinct().count();
        assertThat(distinct).isLessThan(60);
    }

    private static Passes passes(Instant now) {
        return new Passes(settings("local-development-only-waiting-room-pass-key-do-not-use"),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static WaitingRoomSettings settings(String key) {
        return new WaitingRoomSettings(key, Duration.ofMinutes(2), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofDays(1));
    }
}
