package io.flashsale.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import com.google.common.net.InetAddresses;

/**
 * What every per-address control counts as one client: the snap-up rate limit, the sign-in and sign-up limits, the
 * sockets per address and the unpaid units per address. One subscriber or host usually gets a whole IPv6 /64 (RFC
 * 6177) and may use any address in it, so an IPv6 client is its /64; an IPv4 client is its address.
 */
public final class ClientAddresses {

    /**
     * The longest key: the longest textual IPv6 address, so a key fits wherever a client address is stored (the
     * checkout's {@code client_address} column is {@code VARCHAR(45)}).
     */
    public static final int MAX_KEY_LENGTH = 45;

    private static final int PREFIX_BYTES = 8;
    private static final String PREFIX_SUFFIX = "/64";

    private ClientAddresses() {
    }

    /**
     * The key a per-address limit counts a client under, from the servlet's remote address (the connection's, or the
     * client's as a trusted proxy forwarded it): an IPv4 address as it is ({@code 192.0.2.7}); an IPv6 address as its
     * /64 prefix in canonical form ({@code 2001:db8:1:2::/64}), a zone or brackets dropped; an IPv4-mapped IPv6
     * address ({@code ::ffff:192.0.2.7}) as the IPv4 address. Only literals are parsed, never a name looked up:
     * anything else is kept as it is, cut to {@link #MAX_KEY_LENGTH} characters. A missing address is
     * {@code unknown}.
     */
    public static String limitKey(String remoteAddr) {
        if (remoteAddr == null || remoteAddr.isBlank()) {
            return "unknown";
        }
        String literal = remoteAddr.strip();
        if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        byte[] bytes;
        try { // Guava parses literals and never asks DNS
            bytes = InetAddresses.forString(literal).getAddress();
        } catch (IllegalArgumentException notALiteral) {
            return truncated(remoteAddr);
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        try { // getByAddress builds an address from its bytes, never a lookup
            if (bytes.length == 4) {
                return InetAddresses.toAddrString(InetAddress.getByAddress(bytes));
            }
            Arrays.fill(bytes, PREFIX_BYTES, bytes.length, (byte) 0);
            return InetAddresses.toAddrString(InetAddress.getByAddress(bytes)) + PREFIX_SUFFIX;
        } catch (UnknownHostException e) { // only for a wrong length, which a parsed address never has
            return truncated(remoteAddr);
        }
    }

    /** {@code ::ffff:a.b.c.d}: ten zero bytes, two 0xff, then the IPv4 address. */
    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String truncated(String text) {
        return text.length() <= MAX_KEY_LENGTH ? text : text.substring(0, MAX_KEY_LENGTH);
    }
}
