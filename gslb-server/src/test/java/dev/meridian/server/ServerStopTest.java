package dev.meridian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The process's stop (what SIGTERM runs) leaves no socket of any event loop behind. */
class ServerStopTest {
    private static final int READ_TIMEOUT_MILLIS = 5000;

    @TempDir
    Path dir;

    @Test
    void stopClosesTheSocketsOfEveryEventLoopAndFreesThePort() throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                TestServer.IDENTITY, TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir))
                .withEventLoops(3);
        MeridianServer server = MeridianServer.start(config);
        InetSocketAddress bound = server.boundAddresses().get(0);
        for (int i = 0; i < 16; i++) {
            assertEquals(Rcode.NOERROR, askUdp(bound).getRcode());
        }
        server.stop();
        // Bound without SO_REUSEPORT, these succeed only if none of the server's sockets is left on the port.
        try (DatagramSocket udp = new DatagramSocket(bound); ServerSocket tcp = new ServerSocket()) {
            tcp.bind(bound);
        }
    }

    /** One query from a fresh source port, so the queries reach different loops' sockets. */
    private static Message askUdp(InetSocketAddress server) throws IOException {
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            byte[] query = TestServer.newQuery("www.gslb.example.", Type.A).toWire();
            client.send(new DatagramPacket(query, query.length, server));
            DatagramPacket reply = new DatagramPacket(new byte[1232], 1232);
            client.receive(reply);
            return new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }
}
