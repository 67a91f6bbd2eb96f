package dev.meridian.probes.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.latency.ClientNetwork;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTallyTest {
    private static final InetAddress RESOLVER = ClientNetwork.literal("127.0.20.1");

    @Test
    void theBusiestNetworksComeFirstAndOnlyTheTopAreKept() {
        TargetTally tally = new TargetTally(2, 10, 24, 48);
        query(tally, "192.0.2.1", 800);
        query(tally, "198.51.100.1", 1600);
        query(tally, "203.0.113.1", 80);
        List<MeasurementTarget> top = tally.roll();
        assertEquals(List.of(ClientNetwork.parse("198.51.100.0/24"), ClientNetwork.parse("192.0.2.0/24")),
                top.stream().map(MeasurementTarget::network).toList());
        assertEquals(RESOLVER, top.get(0).resolver());
    }

    @Test
    void countsDecaySoANetworkThatStopsQueryingFallsBehind() {
        TargetTally tally = new TargetTally(1, 10, 24, 48);
        query(tally, "192.0.2.1", 800);
        tally.roll();
        for (int i = 0; i < 100; i++) {
            query(tally, "198.51.100.1", 80);
            tally.roll();
        }
        assertEquals(ClientNetwork.parse("198.51.100.0/24"), tally.roll().get(0).network());
    }

    @Test
    void clientsKnownToFewerBitsThanANetworkAreNotTargets() {
        TargetTally tally = new TargetTally(5, 10, 24, 48);
        for (int i = 0; i < 80; i++) {
            tally.seen(RESOLVER, ClientNetwork.literal("192.0.2.0"), 16);
        }
        assertTrue(tally.roll().isEmpty());
    }

    @Test
    void listsFromSeveralNodesInterleaveWithoutRepeats() {
        MeasurementTarget a = new MeasurementTarget(ClientNetwork.parse("192.0.2.0/24"), RESOLVER);
        MeasurementTarget b = new MeasurementTarget(ClientNetwork.parse("198.51.100.0/24"), RESOLVER);
        MeasurementTarget c = new MeasurementTarget(ClientNetwork.parse("203.0.113.0/24"), RESOLVER);
        assertEquals(List.of(a, c, b), MeasurementTargets.interleave(List.of(List.of(a, b), List.of(c, a))));
        assertEquals(List.of(a, b), MeasurementTargets.decode(MeasurementTargets.encode(List.of(a, b))));
    }

    private static void query(TargetTally tally, String client, int times) {
        for (int i = 0; i < times; i++) {
            tally.seen(RESOLVER, ClientNetwork.literal(client), 32);
        }
    }
}
