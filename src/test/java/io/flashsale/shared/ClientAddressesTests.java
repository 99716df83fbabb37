package io.flashsale.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a per-address limit counts as one client: an IPv4 address, an IPv6 /64, or the text as it came. */
class ClientAddressesTests {

    @Test
    void anIpv4AddressIsItsOwnKey() {
        assertThat(ClientAddresses.limitKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientAddresses.limitKey("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void anIpv6AddressCountsAsItsSlash64InCanonicalForm() {
        assertThat(ClientAddresses.limitKey("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.limitKey("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.limitKey("2001:db8:0:0:1::1")).isEqualTo("2001:db8::/64");
        assertThat(ClientAddresses.limitKey("::1")).isEqualTo("::/64");
    }

    @Test
    void twoAddressesOfOneSlash64ShareAKeyAndNeighbouringPrefixesDoNot() {
        assertThat(ClientAddresses.limitKey("2001:db8:1:2::a"))
                .isEqualTo(ClientAddresses.limitKey("2001:db8:1:2:dead:beef:0:1"))
                .isNotEqualTo(ClientAddresses.limitKey("2001:db8:1:3::a"));
    }

    @Test
    void aZoneOrBracketsAreDropped() {
        assertThat(ClientAddresses.limitKey("fe80::1%eth0")).isEqualTo("fe80::/64");
        assertThat(ClientAddresses.limitKey("[2001:db8:1:2::7]")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Address() {
        assertThat(ClientAddresses.limitKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientAddresses.limitKey("::ffff:c000:207")).isEqualTo("192.0.2.7");
    }

    @Test
    void anythingElseIsKeptAsItIsWithoutALookupAndCutToFitTheColumn() {
        // a name is never resolved: "localhost" stays "localhost", not 127.0.0.1
        assertThat(ClientAddresses.limitKey("localhost")).isEqualTo("localhost");
        assertThat(ClientAddresses.limitKey("unknown")).isEqualTo("unknown");
        assertThat(ClientAddresses.limitKey("2001:db8::zz")).isEqualTo("2001:db8::zz");
        assertThat(ClientAddresses.limitKey("300.1.2.3")).isEqualTo("300.1.2.3");
        assertThat(ClientAddresses.limitKey("x".repeat(200))).isEqualTo("x".repeat(ClientAddresses.MAX_KEY_LENGTH));
        assertThat(ClientAddresses.limitKey(null)).isEqualTo("unknown");
        assertThat(ClientAddresses.limitKey(" ")).isEqualTo("unknown");
    }

    @Test
    void everyKeyFitsTheClientAddressColumn() {
        for (String address : new String[] {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", "255.255.255.255", "a".repeat(1_000)}) {
            assertThat(ClientAddresses.limitKey(address)).hasSizeLessThanOrEqualTo(45);
        }
    }
}
