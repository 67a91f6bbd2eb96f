package dev.meridian.server.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The merged map of client networks: the leaf an address reaches is the widest block where its value holds. */
class MergedNetworksTest {
    @Test
    void neighboursWithOneValueBecomeOneNetwork() throws Exception {
        MergedNetworks.Builder<String> builder = new MergedNetworks.Builder<>(32);
        builder.add(bytes("0.0.0.0"), 1, "a");
        builder.add(bytes("128.0.0.0"), 2, "a");
        builder.add(bytes("192.0.0.0"), 2, "a");
        MergedNetworks<String> map = builder.build();
        int found = map.find(bytes("200.1.2.3"));
        assertEquals("a", map.value(found));
        assertEquals(0, MergedNetworks.prefix(found));
    }

    @Test
    void aNetworkWithAnotherValueKeepsItsNeighboursApart() throws Exception {
        MergedNetworks.Builder<String> builder = new MergedNetworks.Builder<>(32);
        builder.add(bytes("0.0.0.0"), 1, "a");
        builder.add(bytes("128.0.0.0"), 2, "a");
        builder.add(bytes("192.0.0.0"), 3, "b");
        builder.add(bytes("224.0.0.0"), 3, "a");
        MergedNetworks<String> map = builder.build();
        assertEquals(1, MergedNetworks.prefix(map.find(bytes("10.0.0.1"))), "the left half is one value");
        assertEquals(2, MergedNetworks.prefix(map.find(bytes("130.0.0.1"))));
        int other = map.find(bytes("193.0.0.1"));
        assertEquals("b", map.value(other));
        assertEquals(3, MergedNetworks.prefix(other));
        assertEquals(3, MergedNetworks.prefix(map.find(bytes("225.0.0.1"))));
    }

    @Test
    void nullIsAValueLikeAnyOther() throws Exception {
        MergedNetworks.Builder<String> builder = new MergedNetworks.Builder<>(32);
        builder.add(bytes("0.0.0.0"), 1, null);
        builder.add(bytes("128.0.0.0"), 1, null);
        MergedNetworks<String> map = builder.build();
        assertEquals(null, map.value(map.find(bytes("1.2.3.4"))));
        assertEquals(0, MergedNetworks.prefix(map.find(bytes("1.2.3.4"))));
    }

    @Test
    void networksOutOfOrderAreRefused() throws Exception {
        MergedNetworks.Builder<String> builder = new MergedNetworks.Builder<>(32);
        builder.add(bytes("0.0.0.0"), 2, "a");
        assertThrows(IllegalStateException.class, () -> builder.add(bytes("192.0.0.0"), 2, "a"));
    }

    @Test
    void aGapInTheAddressSpaceIsRefused() throws Exception {
        MergedNetworks.Builder<String> builder = new MergedNetworks.Builder<>(32);
        builder.add(bytes("0.0.0.0"), 1, "a");
        assertThrows(IllegalStateException.class, builder::build);
    }

    private static byte[] bytes(String address) throws Exception {
        return InetAddress.getByName(address).getAddress();
    }
}
