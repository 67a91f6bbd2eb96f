package dev.meridian.probes.latency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySnapshotBuilderTest {
    private static final LatencySettings SETTINGS = new LatencySettings(24, 48, 0.5, Duration.ofMinutes(1),
            Duration.ofMinutes(5), 5, 10);
    private static final ClientNetwork NET = ClientNetwork.parse("198.51.100.0/24");
    private static final int GB = CountryKey.of("GB");
    private static final long NOW = 10_000_000;
    private final LatencySnapshotBuilder builder = new LatencySnapshotBuilder(SETTINGS, network -> GB);

    @Test
    void regionsAreOrderedFastestFirst() {
        LatencySnapshot snapshot = builder.build(entries(NET, 50, 20, 80), LatencySnapshot.EMPTY, NOW);
        assertArrayEquals(ids("b", "a", "c"), row(snapshot).regions());
    }

    @Test
    void aNetworkKeepsItsRegionWhenTheGainIsWithinTheMargin() {
        LatencySnapshot first = builder.build(entries(NET, 20, 50, 80), LatencySnapshot.EMPTY, NOW);
        // b is now 4 ms faster than a: less than the 5 ms margin.
        LatencySnapshot second = builder.build(entries(NET, 20, 16, 80), first, NOW);
        assertEquals(RegionIds.of("a"), row(second).regions()[0]);
    }

    @Test
    void aNetworkSwitchesWhenTheGainBeatsBothMargins() {
        LatencySnapshot first = builder.build(entries(NET, 20, 50, 80), LatencySnapshot.EMPTY, NOW);
        LatencySnapshot second = builder.build(entries(NET, 20, 12, 80), first, NOW);
        assertEquals(RegionIds.of("b"), row(second).regions()[0]);
    }

    @Test
    void thePercentMarginHoldsForSlowNetworks() {
        LatencySnapshot first = builder.build(entries(NET, 200, 300, 300), LatencySnapshot.EMPTY, NOW);
        // 15 ms faster beats the 5 ms margin but not 10 percent of 200 ms.
        LatencySnapshot second = builder.build(entries(NET, 200, 185, 300), first, NOW);
        assertEquals(RegionIds.of("a"), row(second).regions()[0]);
    }

    @Test
    void staleEntriesAreNotRoutedBy() {
        Map<LatencyKey, LatencyEntry> old = new HashMap<>();
        old.put(new LatencyKey(NET, "a"), new LatencyEntry(20, 1, NOW - 61_000, LatencySource.ACTIVE));
        LatencySnapshot snapshot = builder.build(old, LatencySnapshot.EMPTY, NOW);
        assertNull(snapshot.network(NET.address(), 32));
        assertNull(snapshot.country(GB));
    }

    @Test
    void aCountryAggregatesItsMeasuredNetworks() {
        Map<LatencyKey, LatencyEntry> entries = entries(NET, 20, 60, 80);
        entries.putAll(entries(ClientNetwork.parse("198.51.101.0/24"), 40, 20, 80));
        LatencyRow country = builder.build(entries, LatencySnapshot.EMPTY, NOW).country(GB);
        assertNotNull(country);
        assertArrayEquals(ids("a", "b", "c"), country.regions());
        assertEquals(30, country.rttMillis()[0], 1e-9);
        assertEquals(LatencyRow.Level.COUNTRY, country.level());
    }

    @Test
    void aClientKnownOnlyToFewerBitsThanTheNetworkGetsNoNetworkRow() {
        LatencySnapshot snapshot = builder.build(entries(NET, 20, 50, 80), LatencySnapshot.EMPTY, NOW);
        assertNotNull(snapshot.network(ClientNetwork.literal("198.51.100.9"), 24));
        assertNull(snapshot.network(ClientNetwork.literal("198.51.100.9"), 16));
    }

    private static LatencyRow row(LatencySnapshot snapshot) {
        return snapshot.network(NET.address(), 32);
    }

    private static Map<LatencyKey, LatencyEntry> entries(ClientNetwork network, double a, double b, double c) {
        Map<LatencyKey, LatencyEntry> entries = new HashMap<>();
        entries.put(new LatencyKey(network, "a"), new LatencyEntry(a, 3, NOW, LatencySource.ACTIVE));
        entries.put(new LatencyKey(network, "b"), new LatencyEntry(b, 3, NOW, LatencySource.ACTIVE));
        entries.put(new LatencyKey(network, "c"), new LatencyEntry(c, 3, NOW, LatencySource.ACTIVE));
        return entries;
    }

    private static int[] ids(String... names) {
        int[] ids = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = RegionIds.of(names[i]);
        }
        return ids;
    }
}
