package dev.meridian.server.dnssec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminOptions;
import dev.meridian.server.admin.AdminToken;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** What is signed before it is asked for, counted by the server's own metrics. */
class SigningAheadTest {
    @TempDir
    Path dir;

    private MeridianServer server;

    @BeforeEach
    void start() throws Exception {
        Path zones = TestZones.write(dir, TestZones.EXAMPLE_POLICY);
        Path keys = dir.resolve("keys");
        KeyFiles.write(keys, ZoneKey.generate(Name.fromConstantString("gslb.example."),
                KeyAlgorithm.ECDSAP256SHA256, true, 3600));
        server = MeridianServer.start(ConfigSource.fixed(new ServerConfig(
                List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "ahead", TcpLimits.DEFAULT,
                List.of(Path.of("../geo-data/demo-city.mmdb")), TestServer.health(dir),
                AdminOptions.loopback(0, List.of(AdminToken.of("r", AdminToken.Access.READ_ONLY, "reader-token"))))
                .withDnssec(DnssecOptions.defaults(keys))), false);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void ask(String name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver(server.boundAddresses().get(0));
        resolver.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        resolver.setTimeout(Duration.ofSeconds(5));
        Message reply = resolver.send(TestServer.newQuery(name, type));
        assertEquals(1, reply.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.RRSIG).count()
                + reply.getSection(Section.AUTHORITY).stream().filter(r -> r.getType() == Type.NSEC).count(),
                reply.toString());
    }

    private double signed() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.adminPort() + "/metrics"))
                .header("Authorization", "Bearer reader-token").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("^meridian_dnssec_signed_total ([0-9.Ee+-]+)$", Pattern.MULTILINE)
                .matcher(response.body());
        assertEquals(true, m.find(), response.body());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void staticDataAndGslbTargetsAreSignedBeforeTheyAreAsked() throws Exception {
        double before = signed();

        ask("www.gslb.example.", Type.A);
        ask("geo.gslb.example.", Type.A);
        ask("geo.gslb.example.", Type.AAAA);

        assertEquals(before, signed());
    }

    @Test
    void aDenialIsSignedOnFirstUseAndThenServedFromTheCache() throws Exception {
        double before = signed();

        ask("nowhere.gslb.example.", Type.A);
        ask("nowhere.gslb.example.", Type.A);

        assertEquals(before + 1, signed());
    }
}
