package dev.meridian.server.serving;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.testing.LogCapture;
import dev.meridian.server.config.ConfigLoader;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.testing.TestZones;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reloader on its own, reading a real YAML file, zone, policy and geo database: which parts of the server YAML a
 * reload takes, what it says about the rest, and when a replaced snapshot lets go of its geo database.
 */
class ReloaderTest {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(20);
    /** The demo database places this address; a closed reader places nothing. */
    private static final String PLACED = "198.51.100.1";

    @TempDir
    Path dir;

    private Path yaml;
    private Path zoneFile;
    private Reloader reloader;
    private LogCapture logs;

    @BeforeEach
    void files() throws IOException {
        logs = LogCapture.attach();
        Path zones = Files.createDirectories(dir.resolve("zones"));
        zoneFile = Files.writeString(zones.resolve("gslb.example.zone"), TestZones.EXAMPLE);
        Files.writeString(zones.resolve("gslb.example.policy.yaml"), TestZones.EXAMPLE_POLICY);
        Files.copy(Path.of("../geo-data/demo-city.mmdb"), dir.resolve("city.mmdb"));
        yaml = writeYaml("127.0.0.1:5300");
    }

    @AfterEach
    void close() {
        if (reloader != null) {
            reloader.close();
        }
        logs.close();
    }

    private Path writeYaml(String listen) throws IOException {
        return Files.writeString(dir.resolve("meridian.yaml"), """
                identity: reload-node
                listen: ["%s"]
                zones: zones
                geoip: [city.mmdb]
                """.formatted(listen));
    }

    private final ConfigSource fromFile = new ConfigSource() {
        @Override
        public ServerConfig load() throws ConfigException {
            return ConfigLoader.load(yaml, ConfigLoader.Overrides.NONE);
        }

        @Override
        public Path file() {
            return yaml;
        }
    };

    private Reloader start(ServingSnapshot initial) {
        reloader = new Reloader(fromFile, initial, GRACE, Clock.systemUTC());
        return reloader;
    }

    private ServingSnapshot load() throws ConfigException {
        return SnapshotLoader.load(fromFile.load(), yaml, new EndpointIndex(), Clock.systemUTC());
    }

    private ReloadResult reload() throws Exception {
        return reloader.reload("test").get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    private List<String> restartWarnings() {
        return logs.of(Reloader.class.getName()).stream().filter(l -> l.contains("take effect after a restart"))
                .toList();
    }

    @Test
    void aChangedListenAddressIsLoggedAsTakingEffectAfterARestart() throws Exception {
        start(load());
        writeYaml("127.0.0.1:5399");

        assertInstanceOf(ReloadResult.Loaded.class, reload());

        assertEquals(1, restartWarnings().size(), () -> "warnings: " + logs.of(Reloader.class.getName()));
        assertTrue(restartWarnings().get(0).contains("[listen]"), restartWarnings().get(0));
        assertEquals("127.0.0.1:5399", reloader.current().config().listen().get(0).toString(),
                "the snapshot carries the file as read; the sockets stay bound until a restart");
    }

    @Test
    void aReloadOfDataAloneWarnsOfNothing() throws Exception {
        start(load());
        Files.writeString(zoneFile, Files.readString(zoneFile).replace("192.0.2.10", "192.0.2.11"));

        assertInstanceOf(ReloadResult.Loaded.class, reload());

        assertEquals(List.of(), restartWarnings());
    }

    @Test
    void aBrokenServerYamlKeepsTheLastGoodSnapshotAndNamesItsLine() throws Exception {
        ServingSnapshot initial = start(load()).current();
        Files.writeString(yaml, Files.readString(yaml).replace("geoip: [city.mmdb]", "geoip: [missing.mmdb]"));

        ReloadResult.Failed failed = assertInstanceOf(ReloadResult.Failed.class, reload());

        assertTrue(failed.error().startsWith(yaml + ":4: "), failed.error());
        assertSame(initial, reloader.current());
    }

    @Test
    void aReplacedSnapshotClosesItsGeoDatabaseOnlyAfterTheGrace() throws Exception {
        ServingSnapshot loaded = load();
        GeoLocator readers = (GeoLocator) loaded.resources();
        AtomicLong closedAt = new AtomicLong();
        ServingSnapshot initial = new ServingSnapshot(loaded.config(), loaded.zones(), loaded.gslb(), loaded.geo(),
                loaded.version(), loaded.sources(), loaded.fingerprint(), () -> {
                    closedAt.set(System.nanoTime());
                    loaded.close();
                });
        start(initial);
        assertTrue(readers.locate(InetAddress.getByName(PLACED)).isKnown(), "open before the reload");
        Files.writeString(zoneFile, Files.readString(zoneFile).replace("192.0.2.10", "192.0.2.11"));
        long swapped = System.nanoTime();

        assertInstanceOf(ReloadResult.Loaded.class, reload());

        await().atMost(BOUND).until(() -> closedAt.get() != 0);
        assertTrue(closedAt.get() - swapped >= GRACE.toNanos(),
                "closed " + Duration.ofNanos(closedAt.get() - swapped) + " after the reload began");
        assertFalse(readers.locate(InetAddress.getByName(PLACED)).isKnown(), "the database is let go");
    }

    @Test
    void aHangupWhileTheServerStartsReloadsOnceItServes() throws Exception {
        HangupSignal hangup = new HangupSignal();
        // The server read its files; they changed and a SIGHUP came before it served.
        ServingSnapshot initial = load();
        Files.writeString(zoneFile, Files.readString(zoneFile).replace("192.0.2.10", "192.0.2.11"));
        hangup.hangup();

        hangup.reloadOn(start(initial));

        await().atMost(BOUND).until(() -> reloader.lastResult().trigger().equals("SIGHUP"));
        assertInstanceOf(ReloadResult.Loaded.class, reloader.lastResult());
    }

    @Test
    void aHangupOnceTheServerServesReloadsAtOnce() throws Exception {
        HangupSignal hangup = new HangupSignal();
        hangup.reloadOn(start(load()));
        Files.writeString(zoneFile, Files.readString(zoneFile).replace("192.0.2.10", "192.0.2.11"));

        hangup.hangup();

        await().atMost(BOUND).until(() -> reloader.lastResult().trigger().equals("SIGHUP"));
        assertInstanceOf(ReloadResult.Loaded.class, reloader.lastResult());
    }
}
