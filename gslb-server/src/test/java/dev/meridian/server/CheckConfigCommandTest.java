package dev.meridian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.dnssec.KeyAlgorithm;
import dev.meridian.server.dnssec.KeyFiles;
import dev.meridian.server.dnssec.ZoneKey;
import dev.meridian.server.dnssec.ZskRollover;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/** {@code check-config} and start-up agree: the same broken input gives the same one-line error and exit 1. */
class CheckConfigCommandTest {
    @TempDir
    Path dir;

    @Test
    void validConfigurationPasses() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Run run = run("check-config", "--zones", zones.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("configuration OK: 1 zone(s)"), run.out());
    }

    @Test
    void brokenZoneFailsWithFileAndLine() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A not-an-address\n");
        Run run = run("check-config", "--zones", zones.toString());
        assertEquals(1, run.exit());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + zones.resolve("shop.example.zone") + ":4: "), run.err());
    }

    @Test
    void startUpRefusesTheSameZoneWithTheSameMessage() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A not-an-address\n");
        Run check = run("check-config", "--zones", zones.toString());
        Run start = run("--zones", zones.toString(), "--listen", "127.0.0.1:0");
        assertEquals(1, start.exit());
        assertEquals(check.err(), start.err());
    }

    @Test
    void aPlannedZskRolloverIsListedStepByStep() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Name origin = Name.fromConstantString("shop.example.");
        ZoneKey ksk = ZoneKey.generate(origin, KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        ZoneKey zsk = ZoneKey.generate(origin, KeyAlgorithm.ECDSAP256SHA256, false, 3600);
        ZskRollover plan = ZskRollover.plan(origin, List.of(ksk, zsk), Instant.now(), Duration.ofHours(1),
                Duration.ofDays(1));
        KeyFiles.write(dir.resolve("keys"), ksk);
        KeyFiles.write(dir.resolve("keys"), plan.retired().get(0));
        KeyFiles.write(dir.resolve("keys"), plan.next());
        Path config = Files.writeString(dir.resolve("meridian.yaml"), "dnssec:\n  keys: keys\n");
        int next = plan.next().tag();

        Run run = run("check-config", "--config", config.toString(), "--zones", zones.toString());

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        String now = lines.stream().filter(l -> l.startsWith("zone shop.example.")).findFirst().orElseThrow();
        String activation = lines.stream().filter(l -> l.startsWith("  from " + plan.next().timing().activate()
                + ": ")).findFirst().orElseThrow(() -> new AssertionError(run.out()));
        String deletion = lines.stream().filter(l -> l.startsWith("  from " + plan.retired().get(0).timing().delete()
                + ": ")).findFirst().orElseThrow(() -> new AssertionError(run.out()));
        assertTrue(now.contains(zsk.tag() + " (ZSK)") && now.contains(next + " (ZSK, published only)"), now);
        assertTrue(activation.contains(zsk.tag() + " (ZSK, published only)") && activation.contains(next + " (ZSK)"),
                activation);
        assertTrue(!deletion.contains(String.valueOf(zsk.tag())) && deletion.contains(next + " (ZSK)")
                && deletion.contains(ksk.tag() + " (KSK)"), deletion);
    }

    @Test
    void signedZonesAreListedWithTheirKeys() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        ZoneKey key = ZoneKey.generate(
                Name.fromConstantString("shop.example."),
                KeyAlgorithm.ECDSAP256SHA256, true, 3600);
        KeyFiles.write(dir.resolve("keys"), key);
        Path config = Files.writeString(dir.resolve("meridian.yaml"), "dnssec:\n  keys: keys\n");

        Run run = run("check-config", "--config", config.toString(), "--zones", zones.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("shop.example. serial 1, 0 GSLB name(s), signed with key(s) " + key.tag()
                + " (KSK)"), run.out());
    }

    @Test
    void aPrivateKeyOthersCanReadFailsCheckConfigAndStartUpAlike() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Path pub = KeyFiles.write(dir.resolve("keys"),
                ZoneKey.generate(Name.fromConstantString("shop.example."),
                        KeyAlgorithm.ECDSAP256SHA256, true, 3600));
        Files.setPosixFilePermissions(Path.of(pub.toString().replace(".key", ".private")),
                PosixFilePermissions.fromString("rw-r--r--"));
        Path config = Files.writeString(dir.resolve("meridian.yaml"), "dnssec:\n  keys: keys\n");

        Run check = run("check-config", "--config", config.toString(), "--zones", zones.toString());
        Run start = run("--config", config.toString(), "--zones", zones.toString(), "--listen", "127.0.0.1:0");

        assertEquals(1, check.exit());
        assertTrue(check.err().contains("readable by others"), check.err());
        assertEquals(check.err(), start.err());
    }

    @Test
    void brokenConfigurationFileFailsWithFileAndLine() throws IOException {
        Path config = Files.writeString(dir.resolve("meridian.yaml"), "listen:\n  - 127.0.0.1:5300\nzone: x\n");
        Run run = run("check-config", "--config", config.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("error: " + config + ":3: unknown key 'zone'"), run.err());
    }

    @Test
    void corruptGeoDatabaseFailsNamingTheFile() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Files.writeString(zones.resolve("shop.example.policy.yaml"), """
                regions: {eu: {latitude: 51.5, longitude: -0.1, endpoints: {lb: {addresses: [192.0.2.20]}}}}
                names: {www: {policy: geoproximity}}
                """);
        Path database = Files.write(dir.resolve("broken.mmdb"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Run check = run("check-config", "--zones", zones.toString(), "--geoip", database.toString());
        assertEquals(1, check.exit());
        assertTrue(check.err().startsWith("error: " + database + ": "), check.err());
        Run start = run("--zones", zones.toString(), "--geoip", database.toString(), "--listen", "127.0.0.1:0");
        assertEquals(check.err(), start.err());
    }

    @Test
    void missingGeoDatabaseFailsWhenAPolicyNeedsIt() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Files.writeString(zones.resolve("shop.example.policy.yaml"), """
                regions: {eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}}
                names: {www: {policy: geofence}}
                """);
        Run check = run("check-config", "--zones", zones.toString(), "--geoip", dir.resolve("absent.mmdb").toString());
        assertEquals(1, check.exit());
        assertTrue(check.err().contains("absent.mmdb: no such file"), check.err());
    }

    @Test
    void missingGeoDatabaseFailsEvenWhenNoPolicyNeedsIt() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Files.writeString(zones.resolve("shop.example.policy.yaml"), """
                regions: {eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}}
                names: {www: {policy: failover}}
                """);
        Run check = run("check-config", "--zones", zones.toString(), "--geoip", dir.resolve("absent.mmdb").toString());
        assertEquals(1, check.exit());
        assertTrue(check.err().contains("--geoip " + dir.resolve("absent.mmdb") + ": no such file"), check.err());
    }

    @Test
    void policiesThatDoNotPlaceClientsNeedNoGeoDatabaseWhenNoneIsGiven() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Files.writeString(zones.resolve("shop.example.policy.yaml"), """
                regions: {eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}}
                names: {www: {policy: failover}}
                """);
        Run check = run("check-config", "--zones", zones.toString());
        assertEquals(0, check.exit(), check.err());
    }

    @Test
    void brokenPolicyFileFailsWithFileAndLine() throws IOException {
        Path zones = zones("@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        Path policy = Files.writeString(zones.resolve("shop.example.policy.yaml"), """
                regions: {eu: {endpoints: {lb: {addresses: [192.0.2.20]}}}}
                names:
                  www: {policy: failover, endpoints: [us]}
                """);
        Run check = run("check-config", "--zones", zones.toString());
        assertEquals(1, check.exit());
        assertTrue(check.err().startsWith("error: " + policy + ":3: unknown region 'us'"), check.err());
    }

    private Path zones(String apexAndRecords) throws IOException {
        Path zones = Files.createDirectories(dir.resolve("zones"));
        Files.writeString(zones.resolve("shop.example.zone"), "$TTL 60\n" + apexAndRecords);
        return zones;
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
