package dev.meridian.server.testing;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.HealthOptions;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.config.PolicyFiles;
import dev.meridian.server.serving.ConfigVersion;
import dev.meridian.server.serving.ServingSnapshot;
import dev.meridian.server.serving.SourceFiles;
import dev.meridian.server.zone.ZoneFileLoader;
import dev.meridian.server.zone.ZoneSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A serving snapshot of {@link TestZones#EXAMPLE} with its policy, built in memory the way the loader builds one:
 * clients in 10.1.0.0/16 are in London, in 2001:db8:1::/48 in Virginia; identity {@code identity}.
 */
public final class ExampleSnapshot {
    private ExampleSnapshot() {
    }

    /** Writes the zone and policy files into {@code dir} and builds the snapshot from them. */
    public static ServingSnapshot build(Path dir) throws IOException, ConfigException {
        return build(dir, TestZones.EXAMPLE);
    }

    /** The same with another text for the zone file. */
    public static ServingSnapshot build(Path dir, String zone) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("gslb.example.zone"), zone);
        Files.writeString(dir.resolve("gslb.example.policy.yaml"), TestZones.EXAMPLE_POLICY);
        GeoLocator geo = new FixedGeoLocator().place("10.1.0.0/16", "EU", "GB", "GB-ENG", 51.5, -0.1)
                .place("2001:db8:1::/48", "NA", "US", "US-VA", 39.0, -77.5);
        ServerConfig config = new ServerConfig(List.of(ServerConfig.DEFAULT_LISTEN), dir, "identity",
                TcpLimits.DEFAULT, ServerConfig.DEFAULT_GEO_DATABASES, HealthOptions.DEFAULT);
        ConfigVersion version = new ConfigVersion("0123456789abcdef", Instant.EPOCH);
        PolicyFiles policies = new PolicyFiles(new EndpointIndex());
        ZoneSet zones = new ZoneSet(List.of(ZoneFileLoader.loadFile(file, policies)));
        return new ServingSnapshot(config, zones, policies.loaded(), geo, version, new SourceFiles(List.of()),
                List.of(), () -> { });
    }
}
