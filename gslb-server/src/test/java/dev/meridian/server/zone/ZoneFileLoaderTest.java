package dev.meridian.server.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.config.PolicyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** Loading zone files: where the origin comes from, and one clear message for each kind of broken file. */
class ZoneFileLoaderTest {
    private static final String APEX = """
            @    IN SOA ns1 hostmaster 1 3600 900 1209600 60
            @    IN NS  ns1
            ns1  IN A   192.0.2.53
            """;

    @TempDir
    Path dir;

    @Test
    void originComesFromTheFileName() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        assertEquals(Name.fromString("shop.example."), ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())).zones().iterator().next().origin());
    }

    @Test
    void originDirectiveWinsOverTheFileName() throws Exception {
        write("main.zone", "$ORIGIN other.example.\n$TTL 60\n" + APEX);
        assertEquals(Name.fromString("other.example."), ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())).zones().iterator().next().origin());
    }

    @Test
    void filesNotEndingInDotZoneAreIgnored() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        write("notes.txt", "not a zone\n");
        assertEquals(1, ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())).size());
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN A 192.0.2.300\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void recordCutShortAtTheEndOfItsLineNamesThatLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "broken IN A\nwww IN A 192.0.2.1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
    }

    @Test
    void recordCutShortOnTheLastLineNamesThatLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "mx IN MX 10\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
    }

    @Test
    void unknownTypeNamesFileAndLine() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n" + APEX + "www IN BOGUS 1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ":5: "), e.getMessage());
    }

    @Test
    void missingSoaIsRejected() throws Exception {
        Path file = write("shop.example.zone", "$TTL 60\n@ IN NS ns1\nns1 IN A 192.0.2.53\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("SOA"), e.getMessage());
    }

    @Test
    void missingApexNsIsRejected() throws Exception {
        write("shop.example.zone", "$TTL 60\n@ IN SOA ns1 hostmaster 1 3600 900 1209600 60\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("NS"), e.getMessage());
    }

    @Test
    void recordOutsideTheZoneIsRejected() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX + "www.other.example. IN A 192.0.2.1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("outside the zone"), e.getMessage());
    }

    @Test
    void cnameWithOtherDataIsRejected() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX + "www IN CNAME ns1\nwww IN TXT \"x\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("CNAME"), e.getMessage());
    }

    @Test
    void sameZoneTwiceIsRejected() throws Exception {
        write("shop.example.zone", "$TTL 60\n" + APEX);
        write("copy.zone", "$ORIGIN shop.example.\n$TTL 60\n" + APEX);
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("already loaded"), e.getMessage());
    }

    @Test
    void emptyDirectoryIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> ZoneFileLoader.loadDirectory(dir, new PolicyFiles(new EndpointIndex())));
        assertTrue(e.getMessage().contains("no *.zone files"), e.getMessage());
    }

    @Test
    void exampleZoneOfTheRepositoryLoads() throws Exception {
        assertEquals(Name.fromString("gslb.example."),
                ZoneFileLoader.loadFile(Path.of("../zones/gslb.example.zone"), new PolicyFiles(new EndpointIndex())).origin());
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
