package dev.meridian.server.dns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.meridian.probes.config.HostPort;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which listen addresses are bound when an IPv6 wildcard socket takes IPv4 too, and when it does not. */
class DualStackTest {
    private static List<HostPort> listen(String... addresses) {
        return java.util.Arrays.stream(addresses).map(a -> HostPort.parse(a, HostPort.DNS_PORT)).toList();
    }

    @Test
    void theIpv6WildcardServesTheIpv4WildcardOnItsPortWhereItTakesIpv4() {
        assertEquals(listen("[::]:53"), DualStack.toBind(listen("0.0.0.0:53", "[::]:53"), true));
    }

    @Test
    void bothWildcardsAreBoundWhereIpv6SocketsAreIpv6Only() {
        assertEquals(listen("0.0.0.0:53", "[::]:53"), DualStack.toBind(listen("0.0.0.0:53", "[::]:53"), false));
    }

    @Test
    void anIpv4WildcardOnAnotherPortIsBound() {
        assertEquals(listen("0.0.0.0:5353", "[::]:53"), DualStack.toBind(listen("0.0.0.0:5353", "[::]:53"), true));
    }

    @Test
    void specificAddressesAreBoundAsListed() {
        List<HostPort> specific = listen("192.0.2.1:53", "[2001:db8::1]:53", "127.0.0.1:53");
        assertEquals(specific, DualStack.toBind(specific, true));
    }

    @Test
    void aSpecificIpv4AddressBesideTheIpv6WildcardThatTakesItIsRefusedWithWhatToListInstead() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DualStack.toBind(listen("192.0.2.1:53", "[::]:53"), true));
        assertEquals("listen 192.0.2.1:53 cannot be bound beside [::]:53: on this host [::] takes every IPv4 address "
                + "too (net.ipv6.bindv6only = 0); list the IPv6 addresses to serve instead of [::], or 0.0.0.0:53 "
                + "instead of 192.0.2.1:53", refused.getMessage());
    }

    @Test
    void aSpecificIpv4AddressBesideAnIpv6OnlyWildcardIsBound() {
        assertEquals(listen("192.0.2.1:53", "[::]:53"), DualStack.toBind(listen("192.0.2.1:53", "[::]:53"), false));
    }

    @Test
    void portZeroIsNeverSharedBecauseEachWildcardGetsAPortOfItsOwn() {
        assertEquals(listen("0.0.0.0:0", "[::]:0"), DualStack.toBind(listen("0.0.0.0:0", "[::]:0"), true));
    }
}
