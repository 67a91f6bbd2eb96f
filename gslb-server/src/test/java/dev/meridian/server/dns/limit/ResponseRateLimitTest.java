package dev.meridian.server.dns.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Rate limiting on a real server over real sockets: what an over-limit source gets, and what everyone else gets. */
class ResponseRateLimitTest {
    @TempDir
    Path dir;

    private MeridianServer server;

    private void start(RateLimitOptions rateLimit) throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        // A TXT RRset of about 1 kB: the reflector's favourite.
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE + "\nkilo IN TXT "
                + String.join(" ", java.util.Collections.nCopies(5, "\"" + "k".repeat(200) + "\"")) + "\n");
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "rrl-node", TcpLimits.DEFAULT,
                ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir)).withRateLimit(rateLimit)), false);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What a burst of queries from one source got back. */
    record Burst(int full, int truncated, int dropped, long bytesIn, long bytesOut) {
    }

    /** Sends {@code count} queries from {@code from} at once, then reads every reply that comes within a second. */
    private Burst burst(String from, String name, int type, int count) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            long in = 0;
            for (int i = 0; i < count; i++) {
                Message query = TestServer.newQuery(name, type);
                query.getHeader().setID(i);
                query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
                byte[] wire = query.toWire();
                socket.send(new DatagramPacket(wire, wire.length, server.boundAddresses().get(0)));
                in += wire.length;
            }
            int full = 0;
            int truncated = 0;
            long out = 0;
            socket.setSoTimeout(1000);
            try {
                while (full + truncated < count) {
                    DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
                    socket.receive(packet);
                    out += packet.getLength();
                    Message reply = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    if (reply.getHeader().getFlag(Flags.TC)) {
                        assertEquals(0, reply.getSection(Section.ANSWER).size(), "a slip carries no answer");
                        truncated++;
                    } else {
                        full++;
                    }
                }
            } catch (SocketTimeoutException done) {
                // every reply that was sent has arrived
            }
            return new Burst(full, truncated, count - full - truncated, in, out);
        }
    }

    @Test
    void overTheRateEverySecondReplyIsTruncatedAndTheRestDropped() throws Exception {
        start(new RateLimitOptions(1, 4, 2, 24, 56, List.of(), 1024));
        Burst burst = burst("127.0.0.1", "www.gslb.example.", Type.A, 60);
        assertTrue(burst.full() >= 4 && burst.full() <= 6, "full replies: " + burst);
        int over = 60 - burst.full();
        assertTrue(Math.abs(burst.truncated() - over / 2) <= 1, "half of the rest truncated: " + burst);
        assertTrue(Math.abs(burst.dropped() - over / 2) <= 1, "half of the rest dropped: " + burst);
    }

    @Test
    void anotherNetworkIsNotLimited() throws Exception {
        start(new RateLimitOptions(1, 4, 2, 24, 56, List.of(), 1024));
        burst("127.0.0.1", "www.gslb.example.", Type.A, 60);
        Burst other = burst("127.0.1.1", "www.gslb.example.", Type.A, 4);
        assertEquals(4, other.full(), "another /24: " + other);
    }

    @Test
    void anExemptNetworkIsNotLimited() throws Exception {
        start(new RateLimitOptions(1, 4, 2, 24, 56, List.of(dev.meridian.server.geo.Cidr.parse("127.0.0.0/24")),
                1024));
        assertEquals(60, burst("127.0.0.1", "www.gslb.example.", Type.A, 60).full());
    }

    @Test
    void tcpIsNeverLimited() throws Exception {
        start(new RateLimitOptions(1, 2, 2, 24, 56, List.of(), 1024));
        SimpleResolver tcp = new SimpleResolver(server.boundAddresses().get(0));
        tcp.setTCP(true);
        tcp.setTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) {
            Message reply = tcp.send(TestServer.newQuery("www.gslb.example.", Type.A));
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertEquals(1, reply.getSection(Section.ANSWER).size(), "query " + i);
        }
    }

    @Test
    void aLargeAnswerIsNotAmplifiedAtAThousandQueriesASecondFromOneSource() throws Exception {
        start(new RateLimitOptions(10, 10, 2, 24, 56, List.of(), 1024));
        Burst paced = paced("127.0.0.1", "kilo.gslb.example.", Type.TXT, 1000, 3);
        assertTrue(paced.full() >= 10 && paced.full() <= 10 * 3 + 10 + 5, "full answers near the rate: " + paced);
        assertTrue(paced.truncated() > 1000, "slips for the rest, every other one: " + paced);
        assertTrue(paced.bytesOut() <= paced.bytesIn(), "bytes out " + paced.bytesOut() + " > bytes in "
                + paced.bytesIn() + ": " + paced);
    }

    /**
     * Sends {@code perSecond} queries a second from {@code from} for {@code seconds} (a tenth of them every 100 ms,
     * as a spoofing reflector would), reading replies on another thread as they come, and counts every byte each way.
     */
    private Burst paced(String from, String name, int type, int perSecond, int seconds) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            socket.setReceiveBufferSize(1 << 20);
            socket.setSoTimeout(1000);
            int[] full = new int[1];
            int[] truncated = new int[1];
            long[] out = new long[1];
            Thread receiver = new Thread(() -> {
                DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
                try {
                    while (true) {
                        socket.receive(packet);
                        out[0] += packet.getLength();
                        Message reply = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                        if (reply.getHeader().getFlag(Flags.TC)) {
                            truncated[0]++;
                        } else {
                            full[0]++;
                        }
                    }
                } catch (SocketTimeoutException quiet) {
                    // a second with no reply: the server has answered everything it will
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "rrl-receiver");
            receiver.start();
            long in = 0;
            int batch = perSecond / 10;
            long start = System.nanoTime();
            for (int tick = 0; tick < seconds * 10; tick++) {
                // Pace by the clock, not by sleeping a fixed time: each batch leaves at its own 100 ms mark.
                java.util.concurrent.locks.LockSupport.parkNanos(start + tick * 100_000_000L - System.nanoTime());
                for (int i = 0; i < batch; i++) {
                    Message query = TestServer.newQuery(name, type);
                    query.getHeader().setID((tick * batch + i) & 0xFFFF);
                    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
                    byte[] wire = query.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, server.boundAddresses().get(0)));
                    in += wire.length;
                }
            }
            receiver.join(Duration.ofSeconds(10).toMillis());
            int sent = seconds * 10 * batch;
            return new Burst(full[0], truncated[0], sent - full[0] - truncated[0], in, out[0]);
        }
    }

    @Test
    void theTableStaysTheSameSizeUnderAFloodOfSources() {
        BucketTable table = new BucketTable(1024, 10, 10);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        long now = 0;
        for (int i = 0; i < 1_000_000; i++) {
            table.take(random.nextLong(), now += 1000);
        }
        assertEquals(1024, table.capacity());
    }

    @Test
    void aBucketRefillsAtItsRate() {
        BucketTable table = new BucketTable(16, 10, 1);
        assertEquals(0, table.take(42, 0));
        assertEquals(1, table.take(42, 1_000_000), "no token 1 ms later");
        assertEquals(0, table.take(42, 101_000_000), "a token 100 ms later at 10/s");
    }
}
