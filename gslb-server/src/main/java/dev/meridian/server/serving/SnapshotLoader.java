package dev.meridian.server.serving;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.geo.CachedGeoLocator;
import dev.meridian.server.geo.FamilyGeoLocator;
import dev.meridian.server.geo.GeoDatabaseException;
import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.geo.MaxMindGeoLocator;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.policy.Placement;
import dev.meridian.server.policy.config.PolicyFiles;
import dev.meridian.server.zone.ZoneFileLoader;
import dev.meridian.server.zone.ZoneSet;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * Builds a {@link ServingSnapshot} from configuration: every zone with its GSLB names, the geo database when some
 * policy step places clients, and the check plan. Start-up, reload and {@code check-config} all run this, so they
 * accept and refuse the same input with the same one-line message.
 */
public final class SnapshotLoader {
    /** Addresses whose location is remembered; about 100 bytes each. */
    private static final int LOCATIONS_CACHED = 100_000;

    /** Used when no policy step asks where clients are. */
    private static final GeoLocator NOWHERE = address -> GeoLocation.unknown(0);

    private SnapshotLoader() {
    }

    /**
     * Reads and checks everything; on any problem, throws and leaves nothing open.
     *
     * @param configFile the YAML file the configuration came from, or {@code null}; part of the version
     * @param index gives endpoints their health-table slots; a server keeps one for its life, so slots survive reloads
     */
    public static ServingSnapshot load(ServerConfig config, Path configFile, EndpointIndex index, Clock clock)
            throws ConfigException {
        return load(config, configFile, index, clock, Map.of());
    }

    /**
     * The same, with the policy of each zone in {@code policyInstead} read from the file given there: a configuration
     * to try (what-if), never one to serve.
     */
    public static ServingSnapshot load(ServerConfig config, Path configFile, EndpointIndex index, Clock clock,
            Map<Name, Path> policyInstead) throws ConfigException {
        // Fingerprint and digest before reading, so a file written while we load shows as a change on the next poll.
        SourceFiles sources = SourceFiles.scan(config, configFile);
        List<String> fingerprint = sources.fingerprint();
        String configDigest = sources.configDigest();
        String digest = sources.dataDigest();
        java.time.Instant loadedAt = clock.instant();
        PolicyFiles policies = new PolicyFiles(index, policyInstead);
        ZoneSet zones = ZoneFileLoader.loadDirectory(config.zonesDir(), policies);
        if (!zones.includes().isEmpty()) {
            // Known only now: taken after the read, so an included file written meanwhile may wait for its next edit.
            SourceFiles included = new SourceFiles(zones.includes());
            sources = sources.withIncludes(zones.includes());
            List<String> all = new ArrayList<>(fingerprint);
            all.addAll(included.fingerprint());
            fingerprint = all;
            digest = SourceFiles.combine(digest, included.dataDigest());
        }
        ConfigVersion version = new ConfigVersion(digest, loadedAt, SourceFiles.inputs(configDigest, digest));
        GslbNames gslb = policies.loaded();
        if (!gslb.usesLocation()) {
            return new ServingSnapshot(config, zones, gslb, NOWHERE, version, sources, fingerprint, () -> { });
        }
        List<MaxMindGeoLocator> opened = new ArrayList<>();
        try {
            for (Path database : config.geoDatabases()) {
                opened.add(MaxMindGeoLocator.open(database));
            }
        } catch (GeoDatabaseException e) {
            new FamilyGeoLocator(opened).close();
            throw new ConfigException(null, ConfigException.NO_LINE, e.getMessage(), e);
        }
        FamilyGeoLocator databases = new FamilyGeoLocator(opened);
        try {
            Placement.compile(gslb.placements(), databases);
        } catch (RuntimeException | Error e) {
            // A failed load leaves nothing open, whatever failed after the readers opened.
            databases.close();
            throw e;
        }
        return new ServingSnapshot(config, zones, gslb, new CachedGeoLocator(databases, LOCATIONS_CACHED), version,
                sources, fingerprint, databases);
    }
}
