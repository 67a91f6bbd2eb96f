package dev.meridian.probes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.testing.Await;
import dev.meridian.probes.testing.ClusterPorts;
import dev.meridian.probes.testing.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A DNS node that loses every other member of its cluster, and regains it, says so in one line of its own per
 * change: real Hazelcast members on loopback, the other one ended abruptly as a crash would.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MembershipLogTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<ClusterNode> nodes = new ArrayList<>();
    private LogCapture logs;

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::shutdown);
        logs.close();
    }

    @Test
    void aNodeLogsOnceWhenItIsLeftAloneAndOnceWhenTheOtherIsBack() throws IOException {
        int port = ClusterPorts.free();
        int otherPort = ClusterPorts.free();
        ClusterConfig config = ClusterConfig.of("meridian-membership-" + UUID.randomUUID(),
                List.of("127.0.0.1:" + port, "127.0.0.1:" + otherPort), "127.0.0.1", port)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
        logs = LogCapture.attach();
        ClusterNode node = start(config, port);
        ClusterNode other = start(config, otherPort);
        Await.until(WAIT, "two members", () -> node.clusterSize() == 2);

        nodes.remove(other);
        other.hazelcast().getLifecycleService().terminate();
        Await.until(WAIT, "the node is alone", () -> node.clusterSize() == 1);
        start(config, otherPort);
        Await.until(WAIT, "the other member is back", () -> node.clusterSize() == 2);

        String at = "at 127.0.0.1:" + port + ": member 127.0.0.1:" + otherPort;
        // Membership listeners run after the view changes: wait for the third line before reading them.
        Await.until(WAIT, "three membership lines", () -> logs.of(MembershipLog.class.getName()).stream()
                .filter(l -> l.contains(at)).count() >= 3);
        List<String> lines = logs.of(MembershipLog.class.getName()).stream().filter(l -> l.contains(at)).toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("INFO") && lines.get(0).contains(" joined; 2 member(s)"), lines::toString);
        assertTrue(lines.get(1).startsWith("WARNING") && lines.get(1).contains(" left; this node is alone"),
                lines::toString);
        assertTrue(lines.get(2).startsWith("INFO") && lines.get(2).contains(" joined; 2 member(s)"), lines::toString);
    }

    private ClusterNode start(ClusterConfig config, int port) {
        ClusterNode node = ClusterNode.startMember(config.withBind("127.0.0.1", port));
        nodes.add(node);
        return node;
    }
}
