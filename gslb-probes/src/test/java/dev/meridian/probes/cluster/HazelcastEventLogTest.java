package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.health.FailoverEvent;
import dev.meridian.probes.observe.HealthStatus;
import dev.meridian.probes.testing.ClusterPorts;
import dev.meridian.probes.testing.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cluster's event log as a node stops: a batch applied during a shutdown records its events as it can. */
class HazelcastEventLogTest {

    @Test
    void anEventRecordedAsTheNodeStopsIsNeitherThrownNorLoggedAsAFault() throws IOException {
        int port = ClusterPorts.free();
        ClusterNode node = ClusterNode.startMember(ClusterConfig.of("meridian-events-" + UUID.randomUUID(),
                List.of("127.0.0.1:" + port), "127.0.0.1", port).withTimeouts(Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        LogCapture logs = LogCapture.attach();
        try {
            node.hazelcast().getLifecycleService().terminate();
            assertDoesNotThrow(() -> node.events().append(new FailoverEvent(1, Instant.now(), "stopping.example/eu/web1",
                    HealthStatus.UP, HealthStatus.DOWN, false, List.of("eu/a"), List.of(), "first verdict")));
            assertEquals(List.of(), logs.severeOrWithStackTraceOutsideHazelcast());
            assertEquals(List.of(), logs.of(HazelcastEventLog.class.getName()).stream()
                    .filter(line -> line.startsWith("WARNING")).toList());
        } finally {
            logs.close();
        }
    }
}
