package dev.meridian.server.policy;

import dev.meridian.server.geo.GeoLocation;
import java.util.Comparator;
import java.util.List;

/**
 * Every region of a policy file, nearest first by great-circle distance from the client, each distance scaled by
 * the region's bias as Route 53 does ({@code distance * (1 - bias / 100)}); equal distances keep the file's order.
 * A client with no known position keeps the candidates' order.
 */
record ProximityOrder(List<Region> regions) implements RegionOrder {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** Regions without coordinates are left out: no step that sorts by distance may use them (checked at load). */
    ProximityOrder {
        regions = regions.stream().filter(r -> !Double.isNaN(r.latitude()) && !Double.isNaN(r.longitude()))
                .sorted(Comparator.comparingInt(Region::order)).toList();
    }

    @Override
    public List<Region> regionsFor(GeoLocation location) {
        if (!location.hasCoordinates()) {
            return null;
        }
        return regions.stream()
                .sorted(Comparator.comparingDouble((Region r) -> biasedDistance(location, r))
                        .thenComparingInt(Region::order))
                .toList();
    }

    @Override
    public String reason(GeoLocation location) {
        if (!location.hasCoordinates()) {
            return "no known position: the configured order";
        }
        StringBuilder why = new StringBuilder("nearest first by distance × (1 − bias/100):");
        for (Region r : regionsFor(location)) {
            why.append(' ').append(r.name()).append(' ').append(Math.round(biasedDistance(location, r))).append(" km");
            if (r.bias() != 0) {
                why.append(" (bias ").append(r.bias()).append(')');
            }
            why.append(',');
        }
        why.setLength(why.length() - 1);
        return why.toString();
    }

    static double biasedDistance(GeoLocation client, Region region) {
        return distanceKm(client.latitude(), client.longitude(), region.latitude(), region.longitude())
                * (1 - region.bias() / 100);
    }

    /** Haversine distance on a spherical earth: ample for choosing between regions. */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
