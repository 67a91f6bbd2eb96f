package dev.meridian.server.geo;

import java.util.List;

/**
 * Builds a database in MaxMind's City layout, which {@link MaxMindGeoLocator} and GeoIP2's own readers both read:
 * {@code continent.code}, {@code country.iso_code}, {@code subdivisions[0].iso_code} (the part after the country),
 * {@code location.latitude}, {@code location.longitude} and {@code location.accuracy_radius}, each only when known.
 * Keys are written in alphabetical order.
 */
final class CityDatabase {
    private CityDatabase() {
    }

    static byte[] build(List<GeoCsv.Row> rows, String databaseType, String description, long buildEpoch) {
        MmdbWriter writer = new MmdbWriter(databaseType, description, buildEpoch);
        for (GeoCsv.Row row : rows) {
            writer.put(row.network(), record(row));
        }
        return writer.toByteArray();
    }

    /** A listed network with nothing known is an empty map: found, with its prefix, but unknown. */
    private static byte[] record(GeoCsv.Row row) {
        GeoLocation location = row.location();
        boolean hasLocation = location.hasCoordinates();
        int keys = count(location.continent() != null, location.country() != null, hasLocation,
                location.subdivision() != null);
        MmdbEncoder out = new MmdbEncoder().map(keys);
        if (location.continent() != null) {
            out.string("continent").map(1).string("code").string(location.continent());
        }
        if (location.country() != null) {
            out.string("country").map(1).string("iso_code").string(location.country());
        }
        if (hasLocation) {
            out.string("location").map(row.accuracyRadius().isPresent() ? 3 : 2);
            row.accuracyRadius().ifPresent(radius -> out.string("accuracy_radius").uint16(radius));
            out.string("latitude").doubleValue(location.latitude());
            out.string("longitude").doubleValue(location.longitude());
        }
        if (location.subdivision() != null) {
            String code = location.subdivision().substring(location.subdivision().indexOf('-') + 1);
            out.string("subdivisions").array(1).map(1).string("iso_code").string(code);
        }
        return out.toByteArray();
    }

    private static int count(boolean... present) {
        int count = 0;
        for (boolean p : present) {
            count += p ? 1 : 0;
        }
        return count;
    }
}
