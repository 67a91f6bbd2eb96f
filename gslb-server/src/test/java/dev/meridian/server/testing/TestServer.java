package dev.meridian.server.testing;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** A real server on 127.0.0.1 with a free port, serving zones written by the test, and real clients for it. */
public final class TestServer implements AutoCloseable {
    public static final String IDENTITY = "test-node-1";

    private final MeridianServer server;

    private TestServer(MeridianServer server) {
        this.server = server;
    }

    /** Serves the {@link TestZones#EXAMPLE} zone. */
    public static TestServer start(Path dir) {
        return start(dir, TcpLimits.DEFAULT, "gslb.example.zone", TestZones.EXAMPLE);
    }

    /** Serves one zone file with the given name and text, with the given TCP limits. */
    public static TestServer start(Path dir, TcpLimits tcp, String fileName, String zoneText) {
        return start(dir, tcp, fileName, zoneText, ServerConfig.defaultEventLoops());
    }

    /** Serves one zone file with the given name and text, with the given TCP limits, on that many event loops. */
    public static TestServer start(Path dir, TcpLimits tcp, String fileName, String zoneText, int eventLoops) {
        try {
            Path zones = Files.createDirectories(dir.resolve("zones"));
            Files.writeString(zones.resolve(fileName), zoneText);
            return new TestServer(MeridianServer.start(new ServerConfig(
                    List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, IDENTITY, tcp, ServerConfig.DEFAULT_GEO_DATABASES,
                    health(dir)).withEventLoops(eventLoops)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the repository's own example: {@code zones/} with its policy and the demo geo database. */
    public static TestServer example(Path dir) {
        try {
            return new TestServer(MeridianServer.start(new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)),
                    Path.of("../zones"), IDENTITY, TcpLimits.DEFAULT, List.of(Path.of("../geo-data/demo-city.mmdb")),
                    health(dir))));
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Serves one zone with its policy file, placing clients with the given geo database: for tests that need a
     * database and policy of their own.
     */
    public static TestServer withPolicy(Path dir, String origin, String zoneText, String policyText, Path database) {
        try {
            Path zones = Files.createDirectories(dir.resolve("zones"));
            Files.writeString(zones.resolve(origin + "zone"), zoneText);
            Files.writeString(zones.resolve(origin + "policy.yaml"), policyText);
            return new TestServer(MeridianServer.start(new ServerConfig(
                    List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, IDENTITY, TcpLimits.DEFAULT,
                    List.of(database), health(dir))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Health kept in this process, its state file in the test's directory, no embedded agent. */
    public static HealthOptions health(Path dir) {
        return HealthOptions.DEFAULT.withStateFile(dir.resolve("health.state")).withEmbeddedAgent(false);
    }

    public InetSocketAddress address() {
        return server.boundAddresses().get(0);
    }

    /**
     * A dnsjava resolver over UDP, without EDNS unless the query carries its own OPT, that reports truncation instead
     * of retrying over TCP.
     */
    public SimpleResolver udp() {
        SimpleResolver r = new SimpleResolver(address());
        r.setEDNS((OPTRecord) null);
        r.setIgnoreTruncation(true);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    /** A dnsjava resolver over TCP. */
    public SimpleResolver tcp() {
        SimpleResolver r = udp();
        r.setTCP(true);
        return r;
    }

    /** Sends a query without EDNS over UDP. */
    public Message query(String name, int type) throws IOException {
        return udp().send(newQuery(name, type));
    }

    /** A query with RD set, as stub resolvers send it; tests change it before sending. */
    public static Message newQuery(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    /**
     * Sends a message over TCP (two-byte length, then the message) and parses the reply; dnsjava's resolver treats
     * AXFR as a transfer and would not hand back a refusal.
     */
    public Message exchangeTcp(Message query) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(address(), 5000);
            socket.setSoTimeout(5000);
            byte[] wire = query.toWire();
            java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readUnsignedShort()];
            in.readFully(reply);
            return new Message(reply);
        }
    }

    /** Sends a message over UDP and parses the reply; dnsjava's resolver would reject some replies we test. */
    public Message exchangeRaw(Message query) throws IOException {
        return new Message(exchangeRawBytes(query.toWire()));
    }

    /** Sends bytes over UDP and returns the reply's bytes. */
    public byte[] exchangeRawBytes(byte[] wire) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(wire, wire.length, address()));
            DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
            socket.receive(reply);
            return Arrays.copyOf(reply.getData(), reply.getLength());
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
