package dev.meridian.server.geo;

import java.io.Closeable;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Several databases as one: an IPv4 address is looked up in the first IPv4-only database (else the first one), an
 * IPv6 address in the first IPv6 database. Free databases such as DB-IP's ship one file per address family.
 */
public final class FamilyGeoLocator implements GeoLocator, Closeable {
    private static final System.Logger LOG = System.getLogger(FamilyGeoLocator.class.getName());

    private final List<MaxMindGeoLocator> databases;
    private final GeoLocator ipv4;
    private final GeoLocator ipv6;

    public FamilyGeoLocator(List<MaxMindGeoLocator> databases) {
        this.databases = List.copyOf(databases);
        GeoLocator none = address -> GeoLocation.unknown(0);
        this.ipv4 = this.databases.stream().filter(d -> d.ipVersion() == 4).findFirst()
                .map(GeoLocator.class::cast).orElse(this.databases.isEmpty() ? none : this.databases.get(0));
        this.ipv6 = this.databases.stream().filter(d -> d.ipVersion() == 6).findFirst()
                .map(GeoLocator.class::cast).orElse(none);
    }

    @Override
    public GeoLocation locate(InetAddress address) {
        return address instanceof Inet4Address ? ipv4.locate(address) : ipv6.locate(address);
    }

    @Override
    public void close() {
        for (MaxMindGeoLocator database : databases) {
            try {
                database.close();
            } catch (java.io.IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing a geo database failed", e);
            }
        }
    }
}
