package dev.meridian.server.dns.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS over TCP with raw sockets: framing, pipelining, and the limits that protect the server from clients. */
class TcpTransportTest {
    private static final int READ_TIMEOUT_MILLIS = 5000;

    @TempDir
    Path dir;

    @Test
    void pipelinedQueriesOnOneConnectionAreAllAnswered() throws IOException {
        try (TestServer server = TestServer.start(dir); Socket socket = connect(server)) {
            Map<Integer, String> asked = new HashMap<>();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            int id = 100;
            for (String name : new String[] {"www.gslb.example.", "mail.gslb.example.", "nope.gslb.example."}) {
                Message query = TestServer.newQuery(name, Type.A);
                query.getHeader().setID(++id);
                asked.put(id, name);
                byte[] wire = query.toWire();
                out.writeShort(wire.length);
                out.write(wire);
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < asked.size(); i++) {
                Message reply = read(in);
                String name = asked.get(reply.getHeader().getID());
                assertEquals(name, reply.getQuestion().getName().toString());
            }
        }
    }

    @Test
    void messageSplitAcrossWritesIsAnswered() throws IOException, InterruptedException {
        try (TestServer server = TestServer.start(dir); Socket socket = connect(server)) {
            byte[] wire = TestServer.newQuery("www.gslb.example.", Type.A).toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire, 0, 5);
            out.flush();
            Thread.sleep(50); // let the first part arrive on its own
            out.write(wire, 5, wire.length - 5);
            out.flush();
            Message reply = read(new DataInputStream(socket.getInputStream()));
            assertEquals(Rcode.NOERROR, reply.getRcode());
            assertEquals(1, reply.getSection(Section.ANSWER).size());
        }
    }

    @Test
    void idleConnectionIsClosed() throws IOException {
        TcpLimits limits = new TcpLimits(10, Duration.ofMillis(300), Duration.ofSeconds(60));
        try (TestServer server = TestServer.start(dir, limits, "gslb.example.zone", TestZones.EXAMPLE);
                Socket socket = connect(server)) {
            ask(socket, "www.gslb.example.");
            assertClosedByServer(socket);
        }
    }

    @Test
    void halfSentMessageDoesNotHoldTheConnection() throws IOException {
        TcpLimits limits = new TcpLimits(10, Duration.ofSeconds(60), Duration.ofMillis(300));
        try (TestServer server = TestServer.start(dir, limits, "gslb.example.zone", TestZones.EXAMPLE);
                Socket socket = connect(server)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(40);
            out.write(new byte[] {1, 2, 3});
            out.flush();
            assertClosedByServer(socket);
        }
    }

    @Test
    void fullServerClosesTheLeastRecentlyActiveConnection() throws IOException {
        TcpLimits limits = new TcpLimits(2, Duration.ofSeconds(60), Duration.ofSeconds(60));
        try (TestServer server = TestServer.start(dir, limits, "gslb.example.zone", TestZones.EXAMPLE, 1);
                Socket oldest = connect(server); Socket recent = connect(server)) {
            ask(oldest, "www.gslb.example.");
            ask(recent, "www.gslb.example.");
            try (Socket newcomer = connect(server)) {
                ask(newcomer, "www.gslb.example.");
                assertClosedByServer(oldest);
                ask(recent, "mail.gslb.example.");
                assertEquals(Rcode.NOERROR, server.query("www.gslb.example.", Type.A).getRcode(), "UDP unaffected");
            }
        }
    }

    @Test
    void eachLoopHoldsItsShareOfTheLimitAndDisplacesItsOwnQuietestConnection() throws IOException {
        TcpLimits limits = new TcpLimits(2, Duration.ofSeconds(60), Duration.ofSeconds(60));
        // Two loops take connections in turn: the first and the third share a loop, the second has the other.
        try (TestServer server = TestServer.start(dir, limits, "gslb.example.zone", TestZones.EXAMPLE, 2);
                Socket first = connect(server); Socket second = connect(server)) {
            ask(first, "www.gslb.example.");
            ask(second, "www.gslb.example.");
            ask(first, "mail.gslb.example."); // the second is now the quietest of the server, not of its loop
            try (Socket third = connect(server)) {
                ask(third, "www.gslb.example.");
                assertClosedByServer(first);
                ask(second, "mail.gslb.example.");
            }
        }
    }

    @Test
    void zeroLengthMessageClosesTheConnection() throws IOException {
        try (TestServer server = TestServer.start(dir); Socket socket = connect(server)) {
            new DataOutputStream(socket.getOutputStream()).writeShort(0);
            assertClosedByServer(socket);
        }
    }

    private static Socket connect(TestServer server) throws IOException {
        Socket socket = new Socket(server.address().getAddress(), server.address().getPort());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void ask(Socket socket, String name) throws IOException {
        byte[] wire = TestServer.newQuery(name, Type.A).toWire();
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
        Message reply = read(new DataInputStream(socket.getInputStream()));
        assertEquals(name, reply.getQuestion().getName().toString());
    }

    private static Message read(DataInputStream in) throws IOException {
        byte[] reply = new byte[in.readUnsignedShort()];
        in.readFully(reply);
        return new Message(reply);
    }

    /** The server closed the connection: the next read sees end of stream or a reset, well before the read timeout. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        try {
            assertEquals(-1, socket.getInputStream().read());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (SocketException reset) {
            assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
        }
    }
}
