package io.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.RawStomp;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The server's heart-beats keep a session alive for a client that gives up after two silent intervals (stompjs, which
 * the page uses, does): the test profile's heart-beat is 2 s.
 */
@FlashsaleTest
class HeartBeatTests {

    private static final long AGREED_MILLIS = 2_000;

    @Autowired
    TestApi api;

    @Test
    void aSessionHearsEveryHeartBeatWithinOneAndAHalfAgreedIntervals() throws Exception {
        List<RawStomp> sessions = new ArrayList<>();
        List<Long> connectedAt = new ArrayList<>();
        try {
            // opened a third of a second apart, so the broker finds them at different points of its round
            for (int i = 0; i < 6; i++) {
                RawStomp stomp = RawStomp.connect(api.baseUrl(), api.buyerToken(), "30000," + AGREED_MILLIS);
                sessions.add(stomp);
                String connected = stomp.expect("CONNECTED", 5);
                connectedAt.add(System.nanoTime());
                assertThat(connected).as("offers a beat every quarter of what it asks").contains("heart-beat:500,2000");
                Thread.sleep(330);
            }
            List<Long> gaps = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                long previous = connectedAt.get(i);
                for (int beat = 0; beat < 3; beat++) {
                    Long at = sessions.get(i).nextHeartBeat(3 * AGREED_MILLIS);
                    assertThat(at).as("session %d, heart-beat %d", i, beat).isNotNull();
                    gaps.add(TimeUnit.NANOSECONDS.toMillis(at - previous));
                    previous = at;
                }
            }
            assertThat(gaps).as("silences between the server's frames, in ms")
                    .allSatisfy(gap -> assertThat(gap).isLessThan(AGREED_MILLIS * 3 / 2));
        } finally {
            sessions.forEach(RawStomp::close);
        }
    }
}
