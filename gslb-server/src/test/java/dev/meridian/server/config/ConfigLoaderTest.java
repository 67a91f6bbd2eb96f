package dev.meridian.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import dev.meridian.probes.health.StaleRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML configuration: defaults, overrides, paths, and errors that name file and line. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsServeZonesOnLoopbackPort5300() throws ConfigException {
        ServerConfig config = ConfigLoader.load(null, ConfigLoader.Overrides.NONE);
        assertEquals(List.of(ListenAddress.parse("127.0.0.1:5300")), config.listen());
        assertEquals(Path.of("zones"), config.zonesDir());
        assertEquals(TcpLimits.DEFAULT, config.tcp());
    }

    @Test
    void fileValuesAreRead() throws Exception {
        Path file = write("""
                identity: ns7.example
                zones: data/zones
                listen: ["192.0.2.1:53", "[2001:db8::1]:5353"]
                tcp:
                  max-connections: 64
                  idle-timeout: 5s
                  message-timeout: 500ms
                """);
        ServerConfig config = ConfigLoader.load(file, ConfigLoader.Overrides.NONE);
        assertEquals("ns7.example", config.identity());
        assertEquals(dir.resolve("data/zones"), config.zonesDir(), "relative to the configuration file");
        assertEquals(List.of(ListenAddress.parse("192.0.2.1:53"), ListenAddress.parse("[2001:db8::1]:5353")),
                config.listen());
        assertEquals(new TcpLimits(64, Duration.ofSeconds(5), Duration.ofMillis(500)), config.tcp());
    }

    @Test
    void geoDatabasesAreOneFileOrAListRelativeToTheFile() throws Exception {
        assertEquals(List.of(dir.resolve("city.mmdb")),
                ConfigLoader.load(write("geoip: city.mmdb\n"), ConfigLoader.Overrides.NONE).geoDatabases());
        assertEquals(List.of(dir.resolve("v4.mmdb"), dir.resolve("v6.mmdb")),
                ConfigLoader.load(write("geoip: [v4.mmdb, v6.mmdb]\n"), ConfigLoader.Overrides.NONE).geoDatabases());
    }

    @Test
    void healthAndClusterAreRead() throws Exception {
        Path file = write("""
                health: {region: eu-west, embedded-agent: false, state-file: run/health.json, quorum: 0.6,
                         min-vantages: 2, failback-delay: 1m, max-staleness: 10m, after-max-staleness: fail-open}
                cluster: {name: prod, bind: "192.0.2.1:5701", members: ["192.0.2.1:5701", "192.0.2.2:5701"]}
                """);
        HealthOptions health = ConfigLoader.load(file, ConfigLoader.Overrides.NONE).health();
        assertEquals(new HealthOptions("eu-west", false, dir.resolve("run/health.json"), 0.6, 2,
                Duration.ofMinutes(1), Duration.ofMinutes(10), StaleRule.FAIL_OPEN, new HealthOptions.Cluster("prod", ListenAddress.parse("192.0.2.1:5701"),
                        List.of(ListenAddress.parse("192.0.2.1:5701"), ListenAddress.parse("192.0.2.2:5701")))),
                health);
    }

    @Test
    void badQuorumNamesItsLine() throws Exception {
        Path file = write("identity: a\nhealth:\n  quorum: 1.5\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertTrue(e.getMessage().startsWith(file + ":3: quorum must be more than 0 and at most 1"), e.getMessage());
    }

    @Test
    void stalenessDefaultsToFiveMinutesThenHold() throws Exception {
        HealthOptions health = ConfigLoader.load(write("identity: a\nhealth:\n  region: eu\n"),
                ConfigLoader.Overrides.NONE).health();
        assertEquals(Duration.ofMinutes(5), health.maxStaleness());
        assertEquals(StaleRule.HOLD, health.afterMaxStaleness());
    }

    @Test
    void badStaleRuleNamesFileLineAndTheRules() throws Exception {
        Path file = write("identity: a\nhealth:\n  max-staleness: 2m\n  after-max-staleness: fail-closed\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertTrue(e.getMessage().startsWith(file + ":4: after-max-staleness: 'fail-closed' is not a stale rule; "
                + "expected hold or fail-open"), e.getMessage());
    }

    @Test
    void zeroMaxStalenessNamesFileAndLine() throws Exception {
        Path file = write("identity: a\nhealth:\n  max-staleness: 0s\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertTrue(e.getMessage().startsWith(file + ":3: max-staleness must be positive"), e.getMessage());
    }

    @Test
    void commandLineOverridesWin() throws Exception {
        Path file = write("identity: from-file\nlisten: [\"127.0.0.1:53\"]\n");
        ServerConfig config = ConfigLoader.load(file,
                new ConfigLoader.Overrides(List.of("127.0.0.2:5300", "[::1]:5300"), Path.of("z"), "from-flag", List.of(),
                        null, List.of(), null, null));
        assertEquals("from-flag", config.identity());
        assertEquals(Path.of("z"), config.zonesDir());
        assertEquals(2, config.listen().size());
    }

    @Test
    void unknownKeyNamesFileLineAndKey() throws Exception {
        Path file = write("identity: a\nlisten_on: [\"127.0.0.1:53\"]\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertTrue(e.getMessage().startsWith(file + ":2: unknown key 'listen_on'"), e.getMessage());
    }

    @Test
    void badListenAddressNamesFileAndLine() throws Exception {
        Path file = write("identity: a\nlisten:\n  - \"localhost:53\"\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("expected an IP address"), e.getMessage());
    }

    @Test
    void badDurationNamesFileLineAndForm() throws Exception {
        Path file = write("tcp:\n  idle-timeout: soon\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertTrue(e.getMessage().startsWith(file + ":2"), e.getMessage());
        assertTrue(e.getMessage().contains("'soon' is not a duration"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, ConfigLoader.Overrides.NONE));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void listenAddressForms() {
        assertEquals(53, ListenAddress.parse("192.0.2.1").port());
        assertEquals(5300, ListenAddress.parse("[::1]:5300").port());
        assertEquals(53, ListenAddress.parse("::1").port());
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("127.0.0.1:70000"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("[::1"));
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("meridian.yaml"), text);
    }
}
