package dev.meridian.server;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.geo.CachedGeoLocator;
import dev.meridian.server.geo.FamilyGeoLocator;
import dev.meridian.server.geo.GeoDatabaseException;
import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.geo.MaxMindGeoLocator;
import dev.meridian.server.policy.RoutingPolicy;
import dev.meridian.server.zone.ZoneFileLoader;
import dev.meridian.server.zone.ZoneSet;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the query path answers from, loaded from configuration: the zones with their GSLB names, and the geo
 * database when some policy step places clients. {@code check-config} and start-up load it the same way.
 */
record ServingData(ZoneSet zones, GeoLocator geo, Closeable databases) implements Closeable {
    /** Addresses whose location is remembered; about 100 bytes each. */
    private static final int LOCATIONS_CACHED = 100_000;

    /** Used when no policy step asks where clients are. */
    private static final GeoLocator NOWHERE = address -> GeoLocation.unknown(0);

    static ServingData load(ServerConfig config) throws ConfigException {
        ZoneSet zones = ZoneFileLoader.loadDirectory(config.zonesDir());
        boolean needsGeo = zones.zones().stream().flatMap(z -> z.gslbNames().stream())
                .flatMap(n -> n.chain().steps().stream()).anyMatch(RoutingPolicy::usesLocation);
        if (!needsGeo) {
            return new ServingData(zones, NOWHERE, () -> { });
        }
        List<MaxMindGeoLocator> opened = new ArrayList<>();
        try {
            for (Path database : config.geoDatabases()) {
                opened.add(MaxMindGeoLocator.open(database));
            }
            FamilyGeoLocator databases = new FamilyGeoLocator(opened);
            return new ServingData(zones, new CachedGeoLocator(databases, LOCATIONS_CACHED), databases);
        } catch (GeoDatabaseException e) {
            new FamilyGeoLocator(opened).close();
            throw new ConfigException(null, ConfigException.NO_LINE, e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        databases.close();
    }
}
