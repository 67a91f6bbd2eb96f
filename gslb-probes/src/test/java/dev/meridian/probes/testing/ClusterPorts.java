package dev.meridian.probes.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a test's cluster members, which the test picks and Hazelcast binds later. A port from {@code bind(0)}
 * comes from the kernel's ephemeral range, where every other process's next connection or {@code bind(0)} (another
 * build's tests, say) may take it in between; these come from below that range (32768 on Linux), at random, so two
 * builds rarely meet. Each is checked free with the next one (a node's vote port) when it is returned.
 */
public final class ClusterPorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final int ATTEMPTS = 200;

    private ClusterPorts() {
    }

    /** A loopback port that, with the next one, was free just now. */
    public static int free() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket first = new ServerSocket(); ServerSocket next = new ServerSocket()) {
                first.bind(new InetSocketAddress(loopback, port));
                next.bind(new InetSocketAddress(loopback, port + 1));
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free pair of ports between " + LOW + " and " + HIGH);
    }
}
