package dev.meridian.server.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.meridian.server.config.ConfigLoader;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.testing.TestZones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the configuration version says: the data served, the same on every node that serves it. */
class ConfigVersionTest {
    private static final Path GEO = Path.of("../geo-data/demo-city.mmdb").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A node's own directory: its YAML file (its identity and address) and a copy of the shared zones. */
    private Path node(String name, String listen) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name).resolve("etc"));
        Path zones = Files.createDirectories(home.resolve("zones"));
        Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        return Files.writeString(home.resolve("meridian.yaml"), "identity: " + name + "\nlisten: [" + listen
                + "]\nzones: zones\ngeoip: " + GEO + "\n");
    }

    private static ConfigVersion version(Path yaml) throws Exception {
        try (ServingSnapshot snapshot = SnapshotLoader.load(ConfigLoader.load(yaml, ConfigLoader.Overrides.NONE), yaml,
                new EndpointIndex(), Clock.systemUTC())) {
            return snapshot.version();
        }
    }

    @Test
    void nodesServingTheSameDataFromTheirOwnFilesAndPathsShareTheDigest() throws Exception {
        ConfigVersion a = version(node("node-a", "192.0.2.1:53"));
        ConfigVersion b = version(node("node-b", "192.0.2.2:53"));

        assertEquals(a.digest(), b.digest());
        assertNotEquals(a.inputs(), b.inputs(), "their YAML files differ, and a reload must see an edit of one");
    }

    @Test
    void anEditedZoneChangesTheDigest() throws Exception {
        Path yaml = node("node-a", "192.0.2.1:53");
        ConfigVersion before = version(yaml);
        Path zone = yaml.resolveSibling("zones").resolve("gslb.example.zone");
        Files.writeString(zone, Files.readString(zone).replace("192.0.2.10", "192.0.2.11"));

        assertNotEquals(before.digest(), version(yaml).digest());
    }

    @Test
    void anEditedYamlChangesTheInputsButNotTheDigest() throws Exception {
        Path yaml = node("node-a", "192.0.2.1:53");
        ConfigVersion before = version(yaml);
        Files.writeString(yaml, Files.readString(yaml).replace("192.0.2.1:53", "192.0.2.9:53"));
        ConfigVersion after = version(yaml);

        assertEquals(before.digest(), after.digest());
        assertNotEquals(before.inputs(), after.inputs());
    }
}
