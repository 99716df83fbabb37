package io.flashsale.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.flashsale.shared.PromotionVariantId;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DefaultMessage;

class SoldOutFlagsTests {

    private static final Duration RECHECK = Duration.ofMillis(200);
    private static final PromotionVariantId PHONE = PromotionVariantId.of(42);
    private static final PromotionVariantId TABLET = PromotionVariantId.of(43);

    private final SoldOutFlags flags = new SoldOutFlags(new StockSettings("flashsale:stock", Duration.ofDays(1),
            Duration.ofSeconds(10), RECHECK, Duration.ofDays(1), Duration.ofSeconds(2), 5, Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(10), true));

    @Test
    void remembersAPromotionVariantAnnouncedSoldOutUntilItIsAnnouncedBackInStock() {
        announce("out:42");
        assertThat(flags.isSoldOut(PHONE)).isTrue();
        assertThat(flags.isSoldOut(TABLET)).isFalse();

        announce("in:42");
        assertThat(flags.isSoldOut(PHONE)).isFalse();
    }

    @Test
    void forgetsAFlagAfterTheRecheckInterval() throws InterruptedException {
        flags.soldOut(PHONE);
        assertThat(flags.isSoldOut(PHONE)).isTrue();
        Thread.sleep(RECHECK.toMillis() + 50);
        assertThat(flags.isSoldOut(PHONE)).isFalse();
    }

    @Test
    void ignoresMessagesItDoesNotKnow() {
        announce("hello");
        announce("maybe:42");
        assertThat(flags.isSoldOut(PHONE)).isFalse();
    }

    private void announce(String body) {
        flags.onMessage(new DefaultMessage("flashsale:stock".getBytes(StandardCharsets.US_ASCII),
                body.getBytes(StandardCharsets.US_ASCII)), null);
    }
}
