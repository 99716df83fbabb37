package io.flashsale.security;

import static io.flashsale.security.ForwardedHeaderTests.snapUpsForwardedFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.support.FlashsaleTest;
import io.flashsale.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a configured proxy (here the test client's own address, as {@code FLASHSALE_TRUSTED_PROXIES} would name a
 * load balancer) the client address it forwards is the one the per-address snap-up limit keys on; an IPv6 client is
 * its /64.
 */
@FlashsaleTest
@TestPropertySource(properties = {"flashsale.snapup.rate-limit-per-ip=1",
    "server.tomcat.remoteip.internal-proxies=127.0.0.1/32,::1/128"})
class TrustedProxyTests {

    @Autowired
    TestApi api;

    @Test
    void eachForwardedClientHasItsOwnLimit() {
        assertThat(snapUpsForwardedFor(api, i -> "198.51.100." + i)).as("ten clients, one attempt each")
                .containsOnly(404);
    }

    @Test
    void theAddressesOfOneIpv6Slash64ShareOneLimit() {
        assertThat(snapUpsForwardedFor(api, i -> "2001:db8:1:2::" + Integer.toHexString(i)))
                .as("ten addresses of one /64: one client").contains(429).containsOnly(404, 429);
        assertThat(snapUpsForwardedFor(api, i -> "2001:db8:" + Integer.toHexString(0x100 + i) + "::1"))
                .as("ten /64s: ten clients").containsOnly(404);
    }

    @Test
    void aForwardedClientIsLimitedOnItsOwnAddressThroughAChainOfTrustedProxies() {
        assertThat(snapUpsForwardedFor(api, i -> "192.0.2.7, 127.0.0.1")).contains(429).containsOnly(404, 429);
    }
}
