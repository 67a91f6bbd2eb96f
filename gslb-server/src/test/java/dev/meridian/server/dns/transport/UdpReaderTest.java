package dev.meridian.server.dns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.probes.testing.Await;
import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of UDP reader against real sockets on 127.0.0.1 (and ::1): what it hands the handler, what it sends, how
 * it stops. Both kinds behave the same; CI runs on 64-bit Linux, where the batched one must be available.
 */
class UdpReaderTest {
    /** The kinds of reader, each opened the same way. */
    enum Kind {
        BATCHED, CHANNEL;

        UdpReader open(InetSocketAddress address, QueryHandler handler) throws IOException {
            UdpReader reader = bind(address, handler);
            reader.start();
            return reader;
        }

        UdpReader bind(InetSocketAddress address, QueryHandler handler) throws IOException {
            if (this == BATCHED) {
                if (System.getenv("CI") != null) {
                    assertTrue(BatchedUdpReader.available(), "batched UDP must be available in CI: "
                            + LibC.unavailability());
                }
                assumeTrue(BatchedUdpReader.available(), "batched UDP needs 64-bit Linux");
                return BatchedUdpReader.open(address, false, handler, "test-reader");
            }
            return ChannelUdpReader.open(address, false, handler, "test-reader");
        }
    }

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int READ_TIMEOUT_MILLIS = 5000;

    /** What the handler was given, in order. */
    private final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();
    private UdpReader reader;

    @AfterEach
    void close() {
        if (reader != null) {
            reader.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachDatagramReachesTheHandlerWithItsSourceAndTheReplyGoesBackToTheSender(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> {
            seen.add(transport + " " + source.getHostAddress() + " " + request.length);
            byte[] reply = Arrays.copyOf(request, request.length + 1);
            reply[request.length] = 42;
            return reply;
        });
        try (DatagramSocket client = client()) {
            byte[] reply = ask(client, new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3, 42}, reply);
        }
        assertEquals("[" + Transport.UDP + " 127.0.0.1 3]", seen.toString());
    }

    @Test
    void batchedIpv4RepliesLeaveWithDontFragmentWhateverThePathMtuSays() throws IOException {
        BatchedUdpReader v4 = (BatchedUdpReader) Kind.BATCHED.bind(new InetSocketAddress(LOOPBACK, 0),
                (request, transport, source) -> request);
        reader = v4;
        assertEquals(LibC.PMTUDISC_PROBE, v4.option(LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER));
    }

    @Test
    void batchedIpv6RepliesAreNeverFragmentedNorTheirIpv4MappedOnes() throws IOException {
        BatchedUdpReader v6 = (BatchedUdpReader) Kind.BATCHED.bind(
                new InetSocketAddress(InetAddress.getByName("::1"), 0), (request, transport, source) -> request);
        reader = v6;
        assertEquals(1, v6.option(LibC.IPPROTO_IPV6, LibC.IPV6_DONTFRAG));
        assertEquals(LibC.PMTUDISC_PROBE, v6.option(LibC.IPPROTO_IPV6, LibC.IPV6_MTU_DISCOVER));
        assertEquals(LibC.PMTUDISC_PROBE, v6.option(LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noReplyFromTheHandlerSendsNothing(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> request[0] == 0 ? null : request);
        try (DatagramSocket client = client()) {
            send(client, new byte[] {0});
            // One thread answers in order: had the first datagram got a reply, it would come before this one.
            assertArrayEquals(new byte[] {7}, ask(client, new byte[] {7}));
        }
    }

    /** What a buggy handler may throw that the reader survives (a runtime exception, a stack overflow), each kind. */
    static Stream<Arguments> survivable() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, new IllegalStateException("a bug in one answer")),
                Arguments.of(kind, new StackOverflowError())));
    }

    @ParameterizedTest
    @MethodSource("survivable")
    void aHandlerThatThrowsLosesOnlyThatDatagram(Kind kind, Throwable thrown) throws IOException {
        reader = open(kind, (request, transport, source) -> {
            if (request[0] == 0) {
                throw rethrow(thrown);
            }
            return request;
        });
        try (DatagramSocket client = client()) {
            send(client, new byte[] {0});
            assertArrayEquals(new byte[] {9}, ask(client, new byte[] {9}), "the next datagram is answered, first");
        }
    }

    /** Throws {@code thrown} as it is, checked or not: the handler's signature declares nothing. */
    private static RuntimeException rethrow(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) thrown;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReaderThatDiesClosesItsSocketSoTheOtherReadersTakeItsDatagrams(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> {
            throw new AssertionError("an error the reader does not survive");
        });
        InetSocketAddress bound = reader.localAddress();
        try (DatagramSocket client = client()) {
            send(client, new byte[] {1});
        }
        Await.until(Await.LIMIT, "the reader's thread ended", () -> !readerThreadAlive());
        // Bound without SO_REUSEPORT: succeeds only if the dead reader's socket is gone.
        try (DatagramSocket again = new DatagramSocket(bound)) {
            assertEquals(bound.getPort(), again.getLocalPort());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDatagramOverFourKilobytesIsCutToFourKilobytes(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> new byte[] {(byte) (request.length >> 8), (byte) request.length});
        try (DatagramSocket client = client()) {
            assertArrayEquals(new byte[] {0x10, 0}, ask(client, new byte[9000]));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReplyOfFourKilobytesIsSentWhole(Kind kind) throws IOException {
        byte[] large = new byte[UdpReader.MAX_REPLY];
        Arrays.fill(large, (byte) 5);
        reader = open(kind, (request, transport, source) -> large);
        try (DatagramSocket client = client()) {
            assertArrayEquals(large, ask(client, new byte[] {1}));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReplyOverFourKilobytesIsDroppedAndTheNextDatagramAnswered(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> request[0] == 0 ? new byte[UdpReader.MAX_REPLY + 1]
                : request);
        try (DatagramSocket client = client()) {
            send(client, new byte[] {0});
            assertArrayEquals(new byte[] {4}, ask(client, new byte[] {4}), "the next datagram is answered, first");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void datagramsFromManyClientsAtOnceAreEachAnsweredToTheirSender(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> request);
        List<DatagramSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(client());
            }
            // All sent before any is read: the reader takes them in batches.
            for (int i = 0; i < clients.size(); i++) {
                send(clients.get(i), new byte[] {(byte) i, 1, 2});
            }
            for (int i = 0; i < clients.size(); i++) {
                assertArrayEquals(new byte[] {(byte) i, 1, 2}, receive(clients.get(i)), "client " + i);
            }
        } finally {
            for (DatagramSocket client : clients) {
                client.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anIpv6ClientIsAnsweredWithItsAddressGiven(Kind kind) throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        reader = kind.open(new InetSocketAddress(v6, 0), (request, transport, source) -> {
            seen.add(source.getHostAddress());
            return request;
        });
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            assertArrayEquals(new byte[] {6}, ask(client, new byte[] {6}));
        }
        assertEquals("[0:0:0:0:0:0:0:1]", seen.toString());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeStopsTheReaderAndFreesThePort(Kind kind) throws IOException {
        reader = open(kind, (request, transport, source) -> request);
        InetSocketAddress bound = reader.localAddress();
        reader.close();
        reader = null;
        // Bound without SO_REUSEPORT: succeeds only if the reader's socket is gone.
        try (DatagramSocket again = new DatagramSocket(bound)) {
            assertEquals(bound.getPort(), again.getLocalPort());
        }
        assertFalse(readerThreadAlive(), "the reader's thread ended");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDatagramThatCameBeforeTheStartIsAnsweredOnceStarted(Kind kind) throws IOException {
        reader = kind.bind(new InetSocketAddress(LOOPBACK, 0), (request, transport, source) -> request);
        try (DatagramSocket client = client()) {
            send(client, new byte[] {5});
            assertFalse(readerThreadAlive(), "nothing reads before the start");
            reader.start();
            assertArrayEquals(new byte[] {5}, receive(client));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReaderNeverStartedClosesAndFreesThePort(Kind kind) throws IOException {
        UdpReader bound = kind.bind(new InetSocketAddress(LOOPBACK, 0), (request, transport, source) -> request);
        InetSocketAddress address = bound.localAddress();
        bound.close();
        try (DatagramSocket again = new DatagramSocket(address)) {
            assertEquals(address.getPort(), again.getLocalPort());
        }
    }

    private static boolean readerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("test-reader"));
    }

    private static UdpReader open(Kind kind, QueryHandler handler) throws IOException {
        return kind.open(new InetSocketAddress(LOOPBACK, 0), handler);
    }

    private static DatagramSocket client() throws IOException {
        DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        client.setSoTimeout(READ_TIMEOUT_MILLIS);
        client.setReceiveBufferSize(1 << 18);
        return client;
    }

    private void send(DatagramSocket client, byte[] message) throws IOException {
        client.send(new DatagramPacket(message, message.length, reader.localAddress()));
    }

    private byte[] ask(DatagramSocket client, byte[] message) throws IOException {
        send(client, message);
        return receive(client);
    }

    private byte[] receive(DatagramSocket client) throws IOException {
        DatagramPacket reply = new DatagramPacket(new byte[65_535], 65_535);
        client.receive(reply);
        assertEquals(reader.localAddress(), reply.getSocketAddress(), "the reply comes from the server's address");
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }
}
