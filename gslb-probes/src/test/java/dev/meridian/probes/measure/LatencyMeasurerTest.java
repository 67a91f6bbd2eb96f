package dev.meridian.probes.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.latency.ClientNetwork;
import dev.meridian.probes.latency.InMemoryLatencyMap;
import dev.meridian.probes.latency.LatencyEntry;
import dev.meridian.probes.latency.LatencyKey;
import dev.meridian.probes.latency.LatencySettings;
import dev.meridian.probes.latency.LatencySource;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.testing.DelayedResponder;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Measurement against real DNS responders on loopback addresses that wait a known time before replying. */
class LatencyMeasurerTest {
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void aRefusedReplyGivesTheResolversRoundTripTime() throws Exception {
        DelayedResponder responder = responder("127.0.10.1", 0, 40);
        InMemoryLatencyMap map = new InMemoryLatencyMap(LatencySettings.DEFAULTS, Clock.systemUTC());
        MeasurementTarget target = target("192.0.2.0/24", "127.0.10.1");
        measurer(settings(MeasureSettings.Method.UDP_DNS, responder.port(), 20, 10), List.of(target), map);
        LatencyKey key = new LatencyKey(target.network(), "eu-west");
        Await.until(Duration.ofSeconds(10), "a sample", () -> map.entries().containsKey(key));
        LatencyEntry entry = map.entries().get(key);
        assertTrue(entry.rttMillis() >= 40 && entry.rttMillis() < 400, "rtt " + entry.rttMillis());
        assertEquals(LatencySource.ACTIVE, entry.source());
    }

    @Test
    void measurementStaysWithinItsRateAndTargetBound() throws Exception {
        List<DelayedResponder> responders = new ArrayList<>();
        DelayedResponder first = responder("127.0.11.1", 0, 1);
        responders.add(first);
        List<MeasurementTarget> targets = new ArrayList<>(List.of(target("198.51.100.0/24", "127.0.11.1")));
        for (int i = 2; i <= 6; i++) {
            responders.add(responder("127.0.11." + i, first.port(), 1));
            targets.add(target("198.51." + (100 + i) + ".0/24", "127.0.11." + i));
        }
        InMemoryLatencyMap map = new InMemoryLatencyMap(LatencySettings.DEFAULTS, Clock.systemUTC());
        int perSecond = 10;
        long started = System.nanoTime();
        LatencyMeasurer measurer = measurer(settings(MeasureSettings.Method.UDP_DNS, first.port(), perSecond, 3),
                targets, map);
        Await.until(Duration.ofSeconds(10), "the three first targets measured twice each",
                () -> responders.subList(0, 3).stream().allMatch(r -> r.received() >= 2));
        measurer.close();
        double seconds = (System.nanoTime() - started) / 1e9;
        long total = responders.stream().mapToLong(DelayedResponder::received).sum();
        assertTrue(total <= perSecond * seconds + 1, total + " packets in " + seconds + " s");
        for (DelayedResponder beyond : responders.subList(3, 6)) {
            assertEquals(0, beyond.received(), "targets past the bound are never sent to");
        }
    }

    @Test
    void aNetworkThatNeverAnswersIsBackedOffFrom() throws Exception {
        DelayedResponder answering = responder("127.0.12.1", 0, 1);
        // Nothing listens on 127.0.12.2 at that port: each try times out.
        List<MeasurementTarget> targets = List.of(target("203.0.113.0/24", "127.0.12.1"),
                target("192.0.2.0/24", "127.0.12.2"));
        InMemoryLatencyMap map = new InMemoryLatencyMap(LatencySettings.DEFAULTS, Clock.systemUTC());
        MeasureSettings settings = new MeasureSettings(MeasureSettings.Method.UDP_DNS, answering.port(), 50, 2,
                Duration.ofMillis(50), Duration.ofSeconds(30));
        LatencyMeasurer measurer = measurer(settings, targets, map);
        Await.until(Duration.ofSeconds(10), "the answering network measured 20 times", () -> answering.received() >= 20);
        // Backoff doubles from one round: after 20 answered tries the silent one was tried only a handful of times.
        assertTrue(measurer.failed() <= 6, measurer.failed() + " failed tries");
        assertTrue(measurer.failed() >= 1);
    }

    @Test
    void tcpConnectMeasuresToo() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, InetAddress.getByName("127.0.13.1"))) {
            InMemoryLatencyMap map = new InMemoryLatencyMap(LatencySettings.DEFAULTS, Clock.systemUTC());
            MeasurementTarget target = target("192.0.2.0/24", "127.0.13.1");
            measurer(settings(MeasureSettings.Method.TCP_CONNECT, listener.getLocalPort(), 20, 10), List.of(target),
                    map);
            Await.until(Duration.ofSeconds(10), "a sample",
                    () -> map.entries().containsKey(new LatencyKey(target.network(), "eu-west")));
        }
    }

    private DelayedResponder responder(String address, int port, long delay) throws Exception {
        DelayedResponder responder = new DelayedResponder(address, port, delay);
        started.add(responder);
        return responder;
    }

    private LatencyMeasurer measurer(MeasureSettings settings, List<MeasurementTarget> targets,
            InMemoryLatencyMap map) {
        LatencyMeasurer measurer = new LatencyMeasurer("eu-west", settings, () -> targets, map, Clock.systemUTC()).start();
        started.add(0, measurer);
        return measurer;
    }

    private static MeasureSettings settings(MeasureSettings.Method method, int port, int perSecond, int maxTargets) {
        return new MeasureSettings(method, port, perSecond, maxTargets, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    private static MeasurementTarget target(String network, String resolver) {
        return new MeasurementTarget(ClientNetwork.parse(network), ClientNetwork.literal(resolver));
    }
}
