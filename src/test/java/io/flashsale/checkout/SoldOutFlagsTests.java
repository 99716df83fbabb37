package io.flashsale.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DefaultMessage;

class SoldOutFlagsTests {

    private final SoldOutFlags flags = new SoldOutFlags();

    @Test
    void remembersASaleAnnouncedSoldOutUntilItIsAnnouncedBackInStock() {
        announce("out:42");
        assertThat(flags.isSoldOut(42)).isTrue();
        assertThat(flags.isSoldOut(43)).isFalse();

        announce("in:42");
        assertThat(flags.isSoldOut(42)).isFalse();
    }

    @Test
    void forgetsAFlagAfterTheRecheckInterval() throws InterruptedException {
        flags.soldOut(42);
        Thread.sleep(SoldOutFlags.RECHECK.toMillis() + 50);
        assertThat(flags.isSoldOut(42)).isFalse();
    }

    @Test
    void ignoresMessagesItDoesNotKnow() {
        announce("hello");
        announce("maybe:42");
        assertThat(flags.isSoldOut(42)).isFalse();
    }

    private void announce(String body) {
        flags.onMessage(new DefaultMessage("flashsale:stock".getBytes(StandardCharsets.US_ASCII),
                body.getBytes(StandardCharsets.US_ASCII)), null);
    }
}
