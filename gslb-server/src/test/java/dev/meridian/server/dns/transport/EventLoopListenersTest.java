package dev.meridian.server.dns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.testing.Await;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.QueryHandler;
import io.netty.channel.epoll.Epoll;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The listeners spread over several threads, against real sockets on 127.0.0.1: one UDP socket and reader per event
 * loop on the shared port, datagrams served by more than one reader and TCP connections by every loop, every socket
 * closed on stop.
 */
class EventLoopListenersTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int LOOPS = 3;
    private static final int READ_TIMEOUT_MILLIS = 5000;

    /** The threads the handler ran on: which readers or event loops served the queries. */
    private final Set<String> servedOn = ConcurrentHashMap.newKeySet();
    /** Answers each message with itself, QR set, noting the thread it runs on. */
    private final QueryHandler echo = (request, transport, source) -> {
        servedOn.add(Thread.currentThread().getName());
        byte[] reply = request.clone();
        reply[2] |= (byte) 0x80;
        return reply;
    };
    private Vertx vertx;

    @AfterEach
    void closeVertx() {
        if (vertx != null) {
            Await.result(vertx.close());
        }
    }

    @Test
    void everyLoopAddsAUdpSocketWithAReaderOfItsOwnOnTheSamePort() {
        DnsListeners listeners = deploy(true, LOOPS);
        assertEquals(LOOPS, udpSocketsOn(listeners.boundAddresses().get(0).getPort()));
    }

    @Test
    void queriesFromManySourcePortsAreAnsweredByMoreThanOneReader() throws IOException {
        InetSocketAddress server = deploy(true, LOOPS).boundAddresses().get(0);
        for (int i = 0; i < 64; i++) {
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                askUdp(client, server, i);
            }
        }
        assertTrue(servedOn.stream().filter(name -> name.startsWith("dns-udp-")).count() > 1,
                "served on " + servedOn);
    }

    @Test
    void tcpConnectionsAreDealtOutToEveryLoop() throws IOException {
        InetSocketAddress server = deploy(true, LOOPS).boundAddresses().get(0);
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * LOOPS; i++) {
                Socket socket = new Socket(server.getAddress(), server.getPort());
                open.add(socket);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                askTcp(socket, i);
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        assertEquals(LOOPS, servedOn.size(), "served on " + servedOn);
    }

    @Test
    void stopClosesEverySocketAndFreesThePort() throws IOException {
        DnsListeners listeners = new DnsListeners(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)),
                TcpLimits.DEFAULT, LOOPS, echo);
        vertx = vertx(true, LOOPS);
        String deployment = Await.result(vertx.deployVerticle(listeners));
        InetSocketAddress bound = listeners.boundAddresses().get(0);
        try (Socket connected = new Socket(bound.getAddress(), bound.getPort())) {
            connected.setSoTimeout(READ_TIMEOUT_MILLIS);
            askTcp(connected, 1);
            Await.result(vertx.undeploy(deployment));
            assertEquals(-1, connected.getInputStream().read(), "open connection closed");
        }
        assertEquals(0, udpSocketsOn(bound.getPort()));
        // Bound without SO_REUSEPORT, these succeed only if no socket of the listeners is left on the port.
        try (DatagramSocket udp = new DatagramSocket(bound); ServerSocket tcp = new ServerSocket()) {
            tcp.bind(bound);
        }
    }

    @Test
    void aPortTakenForTcpFailsTheStartAndLeavesNoUdpSocketBehind() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            vertx = vertx(true, LOOPS);
            DnsListeners listeners = new DnsListeners(List.of(new HostPort(LOOPBACK, taken.getLocalPort())),
                    TcpLimits.DEFAULT, LOOPS, echo);
            Throwable failure = Await.result(vertx.deployVerticle(listeners).<Throwable>map(id -> null)
                    .otherwise(e -> e));
            assertTrue(failure != null && failure.getMessage().startsWith("cannot listen on tcp 127.0.0.1:"
                    + taken.getLocalPort()), String.valueOf(failure));
            assertEquals(0, udpSocketsOn(taken.getLocalPort()));
        }
    }

    @Test
    void aFailedStartClosesTheSocketsOfTheAddressesBeforeIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            vertx = vertx(true, LOOPS);
            DnsListeners listeners = new DnsListeners(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT),
                    new HostPort(LOOPBACK, taken.getLocalPort())), TcpLimits.DEFAULT, LOOPS, echo);
            assertTrue(Await.result(vertx.deployVerticle(listeners).map(id -> false).otherwise(true)),
                    "the start failed");
            InetSocketAddress first = listeners.boundAddresses().get(0);
            assertEquals(0, udpSocketsOn(first.getPort()));
            try (DatagramSocket udp = new DatagramSocket(first); ServerSocket tcp = new ServerSocket()) {
                tcp.bind(first);
            }
        }
    }

    @Test
    void onTheNioTransportUdpStillHasASocketPerLoopAndTcpUsesEveryLoop() throws IOException {
        InetSocketAddress server = deploy(false, LOOPS).boundAddresses().get(0);
        assertEquals(LOOPS, udpSocketsOn(server.getPort()));
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            askUdp(client, server, 7);
        }
        servedOn.clear();
        for (int i = 0; i < LOOPS; i++) {
            try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                askTcp(socket, i);
            }
        }
        assertEquals(LOOPS, servedOn.size(), "served on " + servedOn);
    }

    @Test
    void oneLoopBindsOneUdpSocket() {
        DnsListeners listeners = deploy(true, 1);
        assertEquals(1, udpSocketsOn(listeners.boundAddresses().get(0).getPort()));
    }

    private DnsListeners deploy(boolean nativeTransport, int loops) {
        vertx = vertx(nativeTransport, loops);
        DnsListeners listeners = new DnsListeners(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)),
                TcpLimits.DEFAULT, loops, echo);
        Await.result(vertx.deployVerticle(listeners));
        return listeners;
    }

    private static Vertx vertx(boolean nativeTransport, int loops) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport)
                .setEventLoopPoolSize(loops));
        assertEquals(nativeTransport && Epoll.isAvailable(), vertx.isNativeTransportEnabled());
        return vertx;
    }

    /** A 12-byte DNS header as a query: the id is what the echo must return. */
    private static byte[] query(int id) {
        return new byte[] {(byte) (id >> 8), (byte) id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    private static void askUdp(DatagramSocket client, InetSocketAddress server, int id) throws IOException {
        client.setSoTimeout(READ_TIMEOUT_MILLIS);
        byte[] query = query(id);
        client.send(new DatagramPacket(query, query.length, server));
        DatagramPacket reply = new DatagramPacket(new byte[512], 512);
        client.receive(reply);
        assertEquals(12, reply.getLength());
        assertEquals(id & 0xff, reply.getData()[1] & 0xff);
    }

    private static void askTcp(Socket socket, int id) throws IOException {
        byte[] query = query(id);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(query.length);
        out.write(query);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        byte[] expected = query.clone();
        expected[2] |= (byte) 0x80;
        assertArrayEquals(expected, reply);
    }

    /**
     * The UDP sockets bound to 127.0.0.1 on {@code port}, as the kernel lists them: IPv4 sockets, and IPv6 sockets
     * bound to the IPv4-mapped address (how a dual-stack socket shows one).
     */
    private static long udpSocketsOn(int port) {
        Set<String> local = Set.of(String.format(Locale.ROOT, "0100007F:%04X", port),
                String.format(Locale.ROOT, "0000000000000000FFFF00000100007F:%04X", port));
        try {
            long count = 0;
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
                count += Files.readAllLines(Path.of(table)).stream().skip(1)
                        .map(line -> line.trim().split("\\s+")[1]).filter(local::contains).count();
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
