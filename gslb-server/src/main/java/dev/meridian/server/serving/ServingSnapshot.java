package dev.meridian.server.serving;

import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.server.config.ServerConfig;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.zone.ZoneSet;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Everything the query path reads, built together and swapped whole: the zones with their GSLB names, the geo
 * database that places clients, the check plan those names need, and the version of the files it came from. It is
 * immutable; {@link #close()} releases the geo database once no query can still be using it.
 *
 * @param config the configuration it was built with
 * @param zones the zones, GSLB names among their nodes
 * @param gslb every GSLB name, with the check plan and the health the policy files force
 * @param geo places clients; a locator that knows nowhere when no policy step asks
 * @param version the digest of the source files and the load time
 * @param sources the files it was built from, with the fingerprint they had before they were read
 * @param fingerprint what {@link SourceFiles#fingerprint()} said just before the files were read
 * @param resources what closing releases (the geo database readers)
 */
public record ServingSnapshot(ServerConfig config, ZoneSet zones, GslbNames gslb, GeoLocator geo,
        ConfigVersion version, SourceFiles sources, List<String> fingerprint, Closeable resources)
        implements Closeable {

    public ServingSnapshot {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(zones, "zones");
        Objects.requireNonNull(gslb, "gslb");
        Objects.requireNonNull(geo, "geo");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sources, "sources");
        fingerprint = List.copyOf(fingerprint);
        Objects.requireNonNull(resources, "resources");
    }

    /** What agents must check for these GSLB names. */
    public List<CheckTarget> checkPlan() {
        return gslb.checkPlan();
    }

    @Override
    public void close() throws IOException {
        resources.close();
    }
}
