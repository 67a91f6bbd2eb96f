package dev.meridian.server.geo;

/**
 * Where a client network is, as far as the database knows.
 *
 * @param country ISO 3166-1 alpha-2 code, upper case, or {@code null} when unknown
 * @param continent two-letter continent code (AF, AN, AS, EU, NA, OC, SA), or {@code null}
 * @param subdivision ISO 3166-2 code of the first subdivision including the country ({@code US-WA}), or {@code null}
 * @param latitude degrees north, meaningful only when {@code hasCoordinates}
 * @param longitude degrees east, meaningful only when {@code hasCoordinates}
 * @param hasCoordinates whether the database gave a position
 * @param networkPrefix prefix length of the database network that matched (or that holds no data); an answer that
 *     depends on this location is valid for that whole network, so it is the ECS scope to return
 */
public record GeoLocation(String country, String continent, String subdivision, double latitude, double longitude,
        boolean hasCoordinates, int networkPrefix) {

    /** Nothing known about a network of this prefix length. */
    public static GeoLocation unknown(int networkPrefix) {
        return new GeoLocation(null, null, null, 0, 0, false, networkPrefix);
    }

    public boolean isKnown() {
        return country != null || continent != null || hasCoordinates;
    }
}
