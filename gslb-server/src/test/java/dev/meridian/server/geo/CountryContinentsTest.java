package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The country table behind flat-layout databases and CSV rows without a continent. */
class CountryContinentsTest {
    private final CountryContinents table = CountryContinents.standard();

    @Test
    void everyIsoCountryHasAContinent() {
        for (String country : Locale.getISOCountries()) {
            String continent = table.continentOf(country);
            assertTrue(CountryContinents.CONTINENTS.contains(continent), country + " -> " + continent);
        }
    }

    @ParameterizedTest
    @CsvSource({"GB,EU", "US,NA", "BR,SA", "JP,AS", "AU,OC", "ZA,AF", "AQ,AN", "XK,EU",
        "RU,EU", "TR,AS", "CY,EU", "GE,AS", "KZ,AS", "EG,AF", "PA,NA", "TL,OC"})
    void countryIsOnTheContinentMaxMindGivesIt(String country, String continent) {
        assertEquals(continent, table.continentOf(country));
    }

    @Test
    void unknownOrMissingCountryHasNoContinent() {
        assertNull(table.continentOf("ZZ"));
        assertNull(table.continentOf("gb"));
        assertNull(table.continentOf(null));
    }
}
