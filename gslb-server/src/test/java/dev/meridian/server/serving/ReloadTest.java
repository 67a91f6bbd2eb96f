package dev.meridian.server.serving;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.HostPort;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Reloading swaps the whole configuration at once or not at all: real server, real files, real DNS clients.
 */
class ReloadTest {
    private static final String OLD_WWW = "www      IN A    192.0.2.10";
    private static final String NEW_WWW = "www      IN A    192.0.2.11";
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path zoneFile;
    private Path policyFile;
    private Path geoFile;
    private MeridianServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private MeridianServer start(boolean watch) throws IOException, ConfigException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        zoneFile = Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        policyFile = Files.writeString(zones.resolve("gslb.example.policy.yaml"), TestZones.EXAMPLE_POLICY);
        geoFile = Files.copy(Path.of("../geo-data/demo-city.mmdb"), dir.resolve("city.mmdb"));
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones, "reload-node",
                TcpLimits.DEFAULT, List.of(geoFile), TestServer.health(dir));
        server = MeridianServer.start(ConfigSource.fixed(config), watch);
        return server;
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(server.boundAddresses().get(0));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    private String www(boolean tcp) throws IOException {
        Message reply = resolver(tcp).send(TestServer.newQuery("www.gslb.example.", Type.A));
        assertEquals(Rcode.NOERROR, reply.getRcode(), () -> "rcode of " + reply);
        return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    /** Where {@code geo.gslb.example} sends a client in Virginia (the demo database places 198.51.100.0/24 there). */
    private String geoAnswerForVirginia() throws IOException {
        Message query = TestServer.newQuery("geo.gslb.example.", Type.A);
        query.addRecord(new OPTRecord(1232, 0, 0, 0,
                List.of(new ClientSubnetOption(24, java.net.InetAddress.getByName("198.51.100.0")))), Section.ADDITIONAL);
        Message reply = resolver(false).send(query);
        return ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private List<String> configTxt() throws IOException {
        Message reply = resolver(false).send(Message.newQuery(
                Record.newRecord(Name.fromString("config.meridian."), Type.TXT, DClass.CH)));
        return ((TXTRecord) reply.getSection(Section.ANSWER).get(0)).getStrings();
    }

    /** The first address the name answers with, or {@code null} while it has none. */
    private String address(String name) throws IOException {
        Message reply = resolver(false).send(TestServer.newQuery(name, Type.A));
        return reply.getSection(Section.ANSWER).isEmpty() ? null
                : ((ARecord) reply.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private void editZone(String from, String to) throws IOException {
        Files.writeString(zoneFile, Files.readString(zoneFile).replace(from, to));
    }

    private ReloadResult reload() throws Exception {
        return server.reload("test").get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anEditedZoneIsServedAfterAReload() throws Exception {
        start(false);
        assertEquals("192.0.2.10", www(false));

        editZone(OLD_WWW, NEW_WWW);
        assertInstanceOf(ReloadResult.Loaded.class, reload());

        assertEquals("192.0.2.11", www(false));
        assertEquals("192.0.2.11", www(true));
    }

    @Test
    void reloadsUnderLoadLoseNoQueryOverUdpOrTcp() throws Exception {
        start(false);
        AtomicBoolean running = new AtomicBoolean(true);
        // Each transport counts its own answers, so one that stalls cannot hide behind the other.
        AtomicInteger[] answered = {new AtomicInteger(), new AtomicInteger()};
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> clients = new ArrayList<>();
        for (boolean tcp : new boolean[] {false, true}) {
            AtomicInteger count = answered[tcp ? 1 : 0];
            Thread client = new Thread(() -> {
                while (running.get()) {
                    try {
                        seen.add(www(tcp));
                        count.incrementAndGet();
                    } catch (IOException | RuntimeException | AssertionError e) {
                        // Any reply that is not one A record (lost, SERVFAIL, empty, another type) is a failure.
                        failures.add((tcp ? "tcp: " : "udp: ") + e);
                    }
                }
            }, tcp ? "tcp-client" : "udp-client");
            client.start();
            clients.add(client);
        }
        try {
            for (int i = 0; i < 10; i++) {
                int udpBefore = answered[0].get();
                int tcpBefore = answered[1].get();
                editZone(i % 2 == 0 ? OLD_WWW : NEW_WWW, i % 2 == 0 ? NEW_WWW : OLD_WWW);
                assertInstanceOf(ReloadResult.Loaded.class, reload());
                // Both transports answer between reloads, so each reload happens under load on each.
                await().atMost(BOUND).until(() -> answered[0].get() > udpBefore + 10
                        && answered[1].get() > tcpBefore + 10);
            }
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join(BOUND.toMillis());
            }
        }
        assertEquals(List.of(), failures, "lost or failed queries");
        assertEquals(Set.of("192.0.2.10", "192.0.2.11"), seen);
    }

    @Test
    void anEndpointMarkedDownByAReloadIsAnsweredAroundFromTheFirstQuery() throws Exception {
        start(false);
        assertEquals("198.51.100.20", geoAnswerForVirginia());
        Files.writeString(policyFile, TestZones.EXAMPLE_POLICY.replace("{lb: {addresses: [198.51.100.20]}}",
                "{lb: {addresses: [198.51.100.20], down: true}}"));

        assertInstanceOf(ReloadResult.Loaded.class, reload());

        assertEquals("192.0.2.20", geoAnswerForVirginia());
    }

    @Test
    void aBrokenZoneKeepsTheLastGoodOneServingAndNamesItsLine() throws Exception {
        start(false);
        editZone(OLD_WWW, "www      IN A    192.0.2.300");
        int line = lineOf(zoneFile, "192.0.2.300");

        ReloadResult result = reload();

        ReloadResult.Failed failed = assertInstanceOf(ReloadResult.Failed.class, result);
        assertTrue(failed.error().startsWith(zoneFile + ":" + line + ": "), failed.error());
        assertEquals("192.0.2.10", www(false));
        assertEquals(failed, server.lastReload());
    }

    @Test
    void aBrokenPolicyKeepsTheLastGoodOneServingAndNamesItsLine() throws Exception {
        start(false);
        Files.writeString(policyFile, TestZones.EXAMPLE_POLICY.replace("policy: geoproximity", "policy: nearest"));
        int line = lineOf(policyFile, "nearest");

        ReloadResult.Failed failed = assertInstanceOf(ReloadResult.Failed.class, reload());

        assertTrue(failed.error().startsWith(policyFile + ":" + line + ": "), failed.error());
        assertEquals("198.51.100.20", geoAnswerForVirginia());
    }

    @Test
    void aCorruptGeoDatabaseKeepsTheLastGoodOneServing() throws Exception {
        start(false);
        assertEquals("198.51.100.20", geoAnswerForVirginia());
        Files.write(geoFile, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

        ReloadResult.Failed failed = assertInstanceOf(ReloadResult.Failed.class, reload());

        assertTrue(failed.error().startsWith(geoFile.toString()), failed.error());
        assertEquals("198.51.100.20", geoAnswerForVirginia());
        assertEquals("192.0.2.10", www(false));
    }

    @Test
    void theVersionOverDnsChangesOnSuccessOnly() throws Exception {
        start(false);
        String first = configTxt().get(0);

        editZone(OLD_WWW, "www      IN A    192.0.2.300");
        reload();
        List<String> afterFailure = configTxt();
        assertEquals(first, afterFailure.get(0));
        assertTrue(afterFailure.get(1).startsWith("reload=failed"), afterFailure.toString());
        assertTrue(afterFailure.get(2).startsWith("error=" + zoneFile + ":"), afterFailure.toString());

        editZone("192.0.2.300", "192.0.2.11");
        reload();
        List<String> afterSuccess = configTxt();
        assertNotEquals(first, afterSuccess.get(0));
        assertTrue(afterSuccess.get(1).startsWith("reload=ok"), afterSuccess.toString());
    }

    @Test
    void unchangedFilesReloadNothing() throws Exception {
        start(false);
        ConfigVersion serving = server.serving().version();
        Files.setLastModifiedTime(zoneFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));

        ReloadResult result = reload();

        assertInstanceOf(ReloadResult.Unchanged.class, result);
        assertEquals(serving, server.serving().version());
    }

    @Test
    void anEditedFileIsReloadedWithoutBeingAsked() throws Exception {
        start(true);
        assertEquals("192.0.2.10", www(false));

        editZone(OLD_WWW, NEW_WWW);

        await().atMost(BOUND).until(() -> www(false).equals("192.0.2.11"));
        assertEquals("file-change", server.lastReload().trigger());
    }

    @Test
    void anEditedPolicyFileIsReloadedWithoutBeingAsked() throws Exception {
        start(true);
        assertEquals("198.51.100.20", geoAnswerForVirginia());

        Files.writeString(policyFile, TestZones.EXAMPLE_POLICY.replace("{lb: {addresses: [198.51.100.20]}}",
                "{lb: {addresses: [198.51.100.20], down: true}}"));

        await().atMost(BOUND).until(() -> geoAnswerForVirginia().equals("192.0.2.20"));
        assertEquals("file-change", server.lastReload().trigger());
    }

    @Test
    void aReplacedGeoDatabaseIsReloadedWithoutBeingAsked() throws Exception {
        start(true);
        assertEquals("198.51.100.20", geoAnswerForVirginia());
        // The same networks, but 198.51.100.0/24 moved to London: its clients now go to eu.
        Path csv = Files.writeString(dir.resolve("moved.csv"), "network,continent,country,subdivision,latitude,"
                + "longitude\n198.51.100.0/24,EU,GB,GB-ENG,51.5074,-0.1278\n");
        Path built = dir.resolve("moved.mmdb");
        assertEquals(0, new picocli.CommandLine(new dev.meridian.server.Main()).execute("geo-build", "--csv",
                csv.toString(), "--out", built.toString()));

        Files.move(built, geoFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        await().atMost(BOUND).until(() -> geoAnswerForVirginia().equals("192.0.2.20"));
        assertEquals("file-change", server.lastReload().trigger());
    }

    @Test
    void anEditedIncludedFileIsReloadedWithoutBeingAsked() throws Exception {
        start(true);
        Path included = Files.writeString(zoneFile.resolveSibling("extra.records"), "extra IN A 192.0.2.71\n");
        Files.writeString(zoneFile, Files.readString(zoneFile) + "$INCLUDE extra.records\n");
        await().atMost(BOUND).until(() -> "192.0.2.71".equals(address("extra.gslb.example.")));

        Files.writeString(included, "extra IN A 192.0.2.72\n");

        await().atMost(BOUND).until(() -> "192.0.2.72".equals(address("extra.gslb.example.")));
        assertEquals("file-change", server.lastReload().trigger());
    }

    @Test
    void aTouchedIncludedFileReloadsNothing() throws Exception {
        start(false);
        Files.writeString(zoneFile.resolveSibling("extra.records"), "extra IN A 192.0.2.71\n");
        Files.writeString(zoneFile, Files.readString(zoneFile) + "$INCLUDE extra.records\n");
        assertInstanceOf(ReloadResult.Loaded.class, reload());
        ConfigVersion serving = server.serving().version();
        Files.setLastModifiedTime(zoneFile.resolveSibling("extra.records"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));

        assertInstanceOf(ReloadResult.Unchanged.class, reload());
        assertEquals(serving, server.serving().version());
    }

    @Test
    void aBrokenEditIsNotRetriedUntilTheFileChangesAgain() throws Exception {
        start(true);
        editZone(OLD_WWW, "www      IN A    192.0.2.300");
        await().atMost(BOUND).until(() -> server.lastReload() instanceof ReloadResult.Failed);
        ReloadResult failed = server.lastReload();

        editZone("192.0.2.300", "192.0.2.11");

        await().atMost(BOUND).until(() -> www(false).equals("192.0.2.11"));
        assertNotEquals(failed, server.lastReload());
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
