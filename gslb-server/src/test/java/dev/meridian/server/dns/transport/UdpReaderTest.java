package dev.meridian.server.dns.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.meridian.probes.testing.Await;
import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One UDP reader against real sockets on 127.0.0.1: what it hands the handler, what it sends, how it stops. */
class UdpReaderTest {
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

    @Test
    void eachDatagramReachesTheHandlerWithItsSourceAndTheReplyGoesBackToTheSender() throws IOException {
        reader = open((request, transport, source) -> {
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
    void noReplyFromTheHandlerSendsNothing() throws IOException {
        reader = open((request, transport, source) -> request[0] == 0 ? null : request);
        try (DatagramSocket client = client()) {
            send(client, new byte[] {0});
            // One thread answers in order: had the first datagram got a reply, it would come before this one.
            assertArrayEquals(new byte[] {7}, ask(client, new byte[] {7}));
        }
    }

    /** What a buggy handler may throw that the reader survives: a runtime exception, a stack overflow. */
    static Stream<Throwable> survivable() {
        return Stream.of(new IllegalStateException("a bug in one answer"), new StackOverflowError());
    }

    @ParameterizedTest
    @MethodSource("survivable")
    void aHandlerThatThrowsLosesOnlyThatDatagram(Throwable thrown) throws IOException {
        reader = open((request, transport, source) -> {
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

    @Test
    void aReaderThatDiesClosesItsSocketSoTheOtherReadersTakeItsDatagrams() throws IOException {
        reader = open((request, transport, source) -> {
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

    @Test
    void aDatagramOverFourKilobytesIsCutToFourKilobytes() throws IOException {
        reader = open((request, transport, source) -> new byte[] {(byte) (request.length >> 8), (byte) request.length});
        try (DatagramSocket client = client()) {
            assertArrayEquals(new byte[] {0x10, 0}, ask(client, new byte[9000]));
        }
    }

    @Test
    void aReplyOfSixtyFourKilobytesIsSentWhole() throws IOException {
        byte[] large = new byte[65_000];
        Arrays.fill(large, (byte) 5);
        reader = open((request, transport, source) -> large);
        try (DatagramSocket client = client()) {
            assertArrayEquals(large, ask(client, new byte[] {1}));
        }
    }

    @Test
    void closeStopsTheReaderAndFreesThePort() throws IOException {
        reader = open((request, transport, source) -> request);
        InetSocketAddress bound = reader.localAddress();
        reader.close();
        reader = null;
        // Bound without SO_REUSEPORT: succeeds only if the reader's socket is gone.
        try (DatagramSocket again = new DatagramSocket(bound)) {
            assertEquals(bound.getPort(), again.getLocalPort());
        }
        assertFalse(readerThreadAlive(), "the reader's thread ended");
    }

    private static boolean readerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("test-reader"));
    }

    private static UdpReader open(QueryHandler handler) throws IOException {
        return UdpReader.open(new InetSocketAddress(LOOPBACK, 0), false, handler, "test-reader");
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
        DatagramPacket reply = new DatagramPacket(new byte[65_535], 65_535);
        client.receive(reply);
        assertEquals(reader.localAddress(), reply.getSocketAddress(), "the reply comes from the server's address");
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }
}
