package dev.meridian.server.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The continent of each country, from the resource {@code country-continents.csv}: needed where a database or CSV
 * gives a country but no continent.
 */
final class CountryContinents {
    /** MaxMind's continent codes. */
    static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

    private static final String RESOURCE = "country-continents.csv";

    private final Map<String, String> continentByCountry;

    private CountryContinents(Map<String, String> continentByCountry) {
        this.continentByCountry = Map.copyOf(continentByCountry);
    }

    /** The table shipped with the server; read once, on first use. */
    static CountryContinents standard() {
        return Standard.TABLE;
    }

    /** The continent code of an upper-case ISO 3166-1 alpha-2 country code, or {@code null} for any other string. */
    String continentOf(String country) {
        return country == null ? null : continentByCountry.get(country);
    }

    boolean isCountry(String code) {
        return continentByCountry.containsKey(code);
    }

    private static final class Standard {
        static final CountryContinents TABLE = load();
    }

    private static CountryContinents load() {
        InputStream in = CountryContinents.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        Map<String, String> table = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#") || line.equals("country,continent")) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != 2 || !cells[0].matches("[A-Z]{2}") || !CONTINENTS.contains(cells[1])
                        || table.put(cells[0], cells[1]) != null) {
                    throw new IllegalStateException(RESOURCE + ":" + number + ": bad or repeated entry '" + line + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot read", e);
        }
        return new CountryContinents(table);
    }
}
