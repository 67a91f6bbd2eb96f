package dev.meridian.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.Main;
import dev.meridian.server.MeridianServer;
import dev.meridian.server.admin.AdminToken.Access;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dnssec.DnssecCommand;
import dev.meridian.server.dnssec.DnssecOptions;
import dev.meridian.server.dnssec.KeyAlgorithm;
import dev.meridian.server.dnssec.KeyFiles;
import dev.meridian.server.dnssec.KeyTiming;
import dev.meridian.server.dnssec.ZoneKey;
import dev.meridian.server.serving.ConfigSource;
import dev.meridian.server.testing.AdminHttp;
import dev.meridian.server.testing.TestServer;
import dev.meridian.server.testing.TestZones;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/**
 * The signed zones in the status of a real node, asked over HTTP: each key with its role and state, and the DS
 * records to give the parent, the same as {@code dnssec ds} prints.
 */
class DnssecStatusTest {
    private static final String READER = "reader-secret-0123456789";
    private static final Name ZONE = Name.fromConstantString("gslb.example.");
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant ACTIVATE = NOW.plus(Duration.ofHours(2));
    private static final Instant DELETE = ACTIVATE.plus(Duration.ofDays(1));

    @TempDir
    Path dir;

    private MeridianServer server;
    private int port;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ZoneKey key(boolean entryPoint) {
        return ZoneKey.generate(ZONE, KeyAlgorithm.ECDSAP256SHA256, entryPoint, 3600);
    }

    /** Starts a node serving the example zone, signed with {@code keys} (none: DNSSEC not configured). */
    private JsonArray dnssecStatus(List<ZoneKey> keys) throws Exception {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        ServerConfig config = new ServerConfig(List.of(HostPort.parse("127.0.0.1:0", HostPort.DNS_PORT)), zones,
                "signing-node", TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, TestServer.health(dir));
        if (!keys.isEmpty()) {
            for (ZoneKey key : keys) {
                KeyFiles.write(dir.resolve("keys"), key);
            }
            config = config.withDnssec(DnssecOptions.defaults(dir.resolve("keys")));
        }
        server = MeridianServer.start(ConfigSource.fixed(config), false, Clock.fixed(NOW, ZoneOffset.UTC));
        port = server.startAdmin(AdminOptions.loopback(0, List.of(AdminToken.of("ops", Access.READ_ONLY, READER))));
        HttpResponse<String> response = AdminHttp.send(port, "GET", "/api/v1/status", READER, null);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body()).getJsonObject("node").getJsonArray("dnssec");
    }

    @Test
    void ctlStatusPrintsEachKeyWithItsStateAndTheDsForTheParent() throws Exception {
        ZoneKey ksk = key(true);
        ZoneKey zsk = key(false);
        dnssecStatus(List.of(ksk, zsk));
        Path token = Files.writeString(dir.resolve("reader.token"), READER + "\n");
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));

        int status = cli.execute("ctl", "--admin", "http://127.0.0.1:" + port, "--token-file", token.toString(),
                "status");

        assertEquals(0, status, out::toString);
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.contains("dnssec gslb.example."), out::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(ksk.tag() + "\\s+KSK\\s+13\\s+active\\s+-\\s+-\\s+-")),
                out::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(zsk.tag() + "\\s+ZSK\\s+13\\s+active\\s+-\\s+-\\s+-")),
                out::toString);
        assertTrue(lines.contains("DS " + DnssecCommand.ds(ksk)), out::toString);
    }

    private static JsonObject keyWithTag(JsonObject zone, int tag) {
        return zone.getJsonArray("keys").stream().map(JsonObject.class::cast)
                .filter(k -> k.getInteger("tag") == tag).findFirst().orElseThrow(() -> new AssertionError(zone));
    }

    @Test
    void theStatusShowsTheDsOfTheKeySigningKeyAsDnssecDsPrintsIt() throws Exception {
        ZoneKey ksk = key(true);

        JsonArray dnssec = dnssecStatus(List.of(ksk, key(false)));

        assertEquals(1, dnssec.size(), dnssec::encode);
        JsonObject zone = dnssec.getJsonObject(0);
        assertEquals("gslb.example.", zone.getString("zone"));
        assertEquals(List.of(DnssecCommand.ds(ksk).toString()), zone.getJsonArray("ds").getList());
    }

    @Test
    void duringAKskRolloverTheStatusShowsTheDsOfBothKeySigningKeys() throws Exception {
        ZoneKey oldKsk = key(true).withTiming(KeyTiming.ALWAYS.retire(ACTIVATE, DELETE));
        ZoneKey newKsk = key(true).withTiming(new KeyTiming(NOW, ACTIVATE, Instant.MAX, Instant.MAX));

        JsonArray dnssec = dnssecStatus(List.of(oldKsk, newKsk, key(false)));

        Set<Object> ds = Set.copyOf(dnssec.getJsonObject(0).getJsonArray("ds").getList());
        assertEquals(Set.of(DnssecCommand.ds(oldKsk).toString(), DnssecCommand.ds(newKsk).toString()), ds);
    }

    @Test
    void eachKeyShowsItsRoleAndItsStateNowWithTheTimesItsFileSets() throws Exception {
        ZoneKey ksk = key(true);
        ZoneKey oldZsk = key(false).withTiming(KeyTiming.ALWAYS.retire(ACTIVATE, DELETE));
        ZoneKey newZsk = key(false).withTiming(new KeyTiming(NOW, ACTIVATE, Instant.MAX, Instant.MAX));

        JsonObject zone = dnssecStatus(List.of(ksk, oldZsk, newZsk)).getJsonObject(0);

        assertEquals(new JsonObject().put("tag", ksk.tag()).put("algorithm", 13).put("role", "KSK")
                .put("state", "active"), keyWithTag(zone, ksk.tag()));
        assertEquals(new JsonObject().put("tag", oldZsk.tag()).put("algorithm", 13).put("role", "ZSK")
                .put("state", "active").put("inactive", ACTIVATE.toString()).put("delete", DELETE.toString()),
                keyWithTag(zone, oldZsk.tag()));
        assertEquals(new JsonObject().put("tag", newZsk.tag()).put("algorithm", 13).put("role", "ZSK")
                .put("state", "published").put("publish", NOW.toString()).put("activate", ACTIVATE.toString()),
                keyWithTag(zone, newZsk.tag()));
    }

    @Test
    void aZoneWithOneKeyShowsItAsACombinedSigningKey() throws Exception {
        ZoneKey csk = key(true);

        JsonObject zone = dnssecStatus(List.of(csk)).getJsonObject(0);

        assertEquals("CSK", keyWithTag(zone, csk.tag()).getString("role"));
        assertEquals(List.of(DnssecCommand.ds(csk).toString()), zone.getJsonArray("ds").getList());
    }

    @Test
    void withoutDnssecTheStatusListsNoSignedZone() throws Exception {
        assertEquals(new JsonArray(), dnssecStatus(List.of()));
    }
}
