package dev.meridian.server.geo;

import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One data record of a MaxMind DB file, in either of two layouts: MaxMind's GeoIP2/GeoLite2 City and Country
 * ({@code country.iso_code}, {@code continent.code}, {@code subdivisions[0].iso_code}, {@code location.latitude}) or
 * the flat one of the ip-location-db packages ({@code country_code}, {@code state1}, {@code latitude}). Public only
 * because maxmind-db creates it by reflection; the reader's cache shares one instance between lookups, so it is
 * immutable and does its normalising once, here.
 */
public final class GeoRecord {
    private static final Pattern TWO_LETTERS = Pattern.compile("[A-Z]{2}");
    /** The part of an ISO 3166-2 code after the country; flat-layout {@code state1} holds a name more often. */
    private static final Pattern SUBDIVISION = Pattern.compile("[A-Z0-9]{1,3}");

    private final String country;
    private final String continent;
    private final String subdivision;
    private final double latitude;
    private final double longitude;
    private final boolean hasCoordinates;
    /** What is wrong with the record as written, or {@code null}: checked once per database at load. */
    private final String problem;

    /** Called by maxmind-db with the fields present in the record; absent ones are {@code null}. */
    @MaxMindDbConstructor
    public GeoRecord(
            @MaxMindDbParameter(name = "country") IsoCode country,
            @MaxMindDbParameter(name = "registered_country") IsoCode registeredCountry,
            @MaxMindDbParameter(name = "continent") ContinentCode continent,
            @MaxMindDbParameter(name = "subdivisions") List<IsoCode> subdivisions,
            @MaxMindDbParameter(name = "location") Position location,
            @MaxMindDbParameter(name = "country_code") String countryCode,
            @MaxMindDbParameter(name = "state1") String state1,
            @MaxMindDbParameter(name = "latitude") Number latitude,
            @MaxMindDbParameter(name = "longitude") Number longitude) {
        this.country = firstMatching(TWO_LETTERS, code(country), code(registeredCountry), countryCode);
        this.continent = firstMatching(TWO_LETTERS, continent == null ? null : continent.code());
        String sub = firstMatching(SUBDIVISION,
                subdivisions == null || subdivisions.isEmpty() ? null : code(subdivisions.get(0)), state1);
        this.subdivision = this.country == null || sub == null ? null : this.country + "-" + sub;
        Number lat = location == null ? latitude : location.latitude();
        Number lon = location == null ? longitude : location.longitude();
        this.hasCoordinates = lat != null && lon != null
                && Double.isFinite(lat.doubleValue()) && Double.isFinite(lon.doubleValue());
        this.latitude = hasCoordinates ? lat.doubleValue() : 0;
        this.longitude = hasCoordinates ? lon.doubleValue() : 0;
        this.problem = problem(code(country), code(registeredCountry), countryCode,
                continent == null ? null : continent.code(), lat, lon);
    }

    /** What is wrong with this record, or {@code null} when every field it has is well formed. */
    String problem() {
        return problem;
    }

    /** Whether the record places its network at all: a country or coordinates. */
    boolean isPlaced() {
        return country != null || hasCoordinates;
    }

    private static String problem(String country, String registered, String flatCountry, String continent,
            Number lat, Number lon) {
        for (String code : new String[] {country, registered, flatCountry}) {
            if (code != null && !code.isEmpty() && !TWO_LETTERS.matcher(code).matches()) {
                return "country code '" + code + "' is not two capital letters (ISO 3166-1)";
            }
        }
        if (continent != null && !TWO_LETTERS.matcher(continent).matches()) {
            return "continent code '" + continent + "' is not two capital letters";
        }
        if ((lat == null) != (lon == null)) {
            return "it has a " + (lat == null ? "longitude" : "latitude") + " without a "
                    + (lat == null ? "latitude" : "longitude");
        }
        if (lat != null && !(Math.abs(lat.doubleValue()) <= 90)) {
            return "latitude " + lat + " is outside -90 to 90";
        }
        if (lon != null && !(Math.abs(lon.doubleValue()) <= 180)) {
            return "longitude " + lon + " is outside -180 to 180";
        }
        return null;
    }

    /** This record as the location of a network of {@code networkPrefix} bits; continent from the country if absent. */
    GeoLocation at(int networkPrefix, CountryContinents continents) {
        String known = continent != null ? continent : continents.continentOf(country);
        return new GeoLocation(country, known, subdivision, latitude, longitude, hasCoordinates, networkPrefix);
    }

    private static String code(IsoCode value) {
        return value == null ? null : value.isoCode();
    }

    private static String firstMatching(Pattern pattern, String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && pattern.matcher(candidate).matches()) {
                return candidate;
            }
        }
        return null;
    }

    /** A map with an {@code iso_code}: MaxMind's country, registered country and subdivision. */
    public record IsoCode(@MaxMindDbParameter(name = "iso_code") String isoCode) {
        @MaxMindDbConstructor
        public IsoCode {
        }
    }

    /** MaxMind's continent map. */
    public record ContinentCode(@MaxMindDbParameter(name = "code") String code) {
        @MaxMindDbConstructor
        public ContinentCode {
        }
    }

    /** MaxMind's location map; the flat layout stores coordinates as {@code float}, MaxMind's as {@code double}. */
    public record Position(@MaxMindDbParameter(name = "latitude") Number latitude,
            @MaxMindDbParameter(name = "longitude") Number longitude) {
        @MaxMindDbConstructor
        public Position {
        }
    }
}
