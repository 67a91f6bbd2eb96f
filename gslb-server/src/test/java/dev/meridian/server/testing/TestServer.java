package dev.meridian.server.testing;

import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.ListenAddress;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
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
        try {
            Path zones = Files.createDirectories(dir.resolve("zones"));
            Files.writeString(zones.resolve(fileName), zoneText);
            return new TestServer(MeridianServer.start(new ServerConfig(
                    List.of(ListenAddress.parse("127.0.0.1:0")), zones, IDENTITY, tcp)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress address() {
        return server.boundAddresses().get(0);
    }

    /** A dnsjava resolver over UDP that reports truncation instead of retrying over TCP. */
    public SimpleResolver udp() {
        SimpleResolver r = new SimpleResolver(address());
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

    /** Sends a plain query (no EDNS, RD clear) over UDP. */
    public Message query(String name, int type) throws IOException {
        return udp().send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    @Override
    public void close() {
        server.close();
    }
}
