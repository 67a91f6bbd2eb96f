package dev.meridian.probes.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClientNetworkTest {
    @Test
    void addressesOfOneSlash24AreOneNetwork() {
        assertEquals(ClientNetwork.of(ClientNetwork.literal("198.51.100.7"), 24),
                ClientNetwork.of(ClientNetwork.literal("198.51.100.250"), 24));
        assertNotEquals(ClientNetwork.of(ClientNetwork.literal("198.51.100.7"), 24),
                ClientNetwork.of(ClientNetwork.literal("198.51.101.7"), 24));
    }

    @Test
    void ipv6NetworksKeepOnlyTheirPrefix() {
        assertEquals("2001:db8:1:0:0:0:0:0/48",
                ClientNetwork.of(ClientNetwork.literal("2001:db8:1:ffff::9"), 48).toString());
        assertEquals("2001:db8:1:ffff:8000:0:0:0/65",
                ClientNetwork.of(ClientNetwork.literal("2001:db8:1:ffff:ffff::9"), 65).toString());
    }

    @Test
    void textRoundTrips() {
        ClientNetwork network = ClientNetwork.of(ClientNetwork.literal("203.0.113.77"), 24);
        assertEquals("203.0.113.0/24", network.toString());
        assertEquals(network, ClientNetwork.parse(network.toString()));
    }

    @Test
    void namesAreNotAddresses() {
        assertThrows(IllegalArgumentException.class, () -> ClientNetwork.literal("example.com"));
        assertThrows(IllegalArgumentException.class, () -> ClientNetwork.literal("300.1.1.1"));
    }
}
