package dev.meridian.server.testing;

import dev.meridian.server.geo.Cidr;
import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.geo.GeoLocator;
import dev.meridian.server.policy.NetworkTable;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** A geo database defined in the test: networks with their locations; anything else is unknown at /8 or /32. */
public final class FixedGeoLocator implements GeoLocator {
    private final Map<Cidr, GeoLocation> networks = new HashMap<>();
    private NetworkTable<GeoLocation> table = new NetworkTable<>(Map.of());

    /** Places a network (its prefix becomes the location's network prefix). */
    public FixedGeoLocator place(String cidr, String continent, String country, String subdivision, double latitude,
            double longitude) {
        Cidr network = Cidr.parse(cidr);
        networks.put(network, new GeoLocation(country, continent, subdivision, latitude, longitude, true,
                network.prefixLength()));
        table = new NetworkTable<>(networks);
        return this;
    }

    @Override
    public GeoLocation locate(InetAddress address) {
        GeoLocation found = table.lookup(address).value();
        return found != null ? found : GeoLocation.unknown(address.getAddress().length == 4 ? 8 : 32);
    }
}
