package io.flashsale.security;

import static io.flashsale.support.TestApi.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * With no proxy configured (the default), {@code X-Forwarded-For} is ignored: the per-address snap-up limit keys on
 * the connection's own address whatever a client claims. (Every test client is 127.0.0.1, which Tomcat's own
 * default would trust.) The limit is one snap-up a second per address; each attempt is by another buyer, and for a
 * promotion variant that doesn't exist, so only the address limit can refuse it.
 */
@FlashsaleTest
@TestPropertySource(properties = "flashsale.snapup.rate-limit-per-ip=1")
class ForwardedHeaderTests {

    static final int ATTEMPTS = 10;
    static final long NO_SUCH_VARIANT = 987_654_321L;

    @Autowired
    TestApi api;

    @Test
    void aForgedForwardedForDoesNotEscapeThePerAddressLimit() {
        assertThat(snapUpsForwardedFor(api, i -> "203.0.113." + i))
                .as("all from 127.0.0.1: one a second gets through").contains(429).containsOnly(404, 429);
    }

    /**
     * {@link #ATTEMPTS} snap-ups one after another, each by a new buyer claiming to be forwarded for the i-th address;
     * returns their statuses.
     */
    static List<Integer> snapUpsForwardedFor(TestApi api, IntFunction<String> forwardedFor) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= ATTEMPTS; i++) {
            statuses.add(api.client().post().uri("/api/snap-up/checkouts")
                    .header(HttpHeaders.AUTHORIZATION, bearer(api.buyerToken()))
                    .header("X-Forwarded-For", forwardedFor.apply(i))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"promotionVariantId\": " + NO_SUCH_VARIANT + "}")
                    .exchange().returnResult(String.class).getStatus().value());
        }
        return statuses;
    }
}
