package dev.meridian.server.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.meridian.server.geo.GeoDatabaseException;
import dev.meridian.server.geo.GeoLocation;
import dev.meridian.server.geo.MaxMindGeoLocator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@link MaxMindGeoLocator} on MaxMind's own test databases (in {@code shared/geo-test-data}, beside the repository;
 * never copied into it). Expected values are those its README lists, as read there with {@code mmdblookup}.
 */
class MaxMindTestDataInteropIT {
    private static final Path TEST_DATA =
            Path.of(System.getProperty("meridian.root", "..")).resolve("../shared/geo-test-data").normalize();

    @Test
    void cityDatabaseLocatesLondonWithCoordinates() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(database("GeoIP2-City-Test.mmdb"))) {
            GeoLocation at = locator.locate(InetAddress.getByName("81.2.69.142"));
            assertAll(at.toString(),
                    () -> assertEquals("GB", at.country()),
                    () -> assertEquals("EU", at.continent()),
                    () -> assertTrue(at.hasCoordinates()),
                    () -> assertEquals(51.5142, at.latitude()),
                    () -> assertEquals(-0.0931, at.longitude()),
                    () -> assertEquals(31, at.networkPrefix()));
        }
    }

    @Test
    void cityDatabaseGivesTheSubdivisionWithItsCountry() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(database("GeoIP2-City-Test.mmdb"))) {
            GeoLocation at = locator.locate(InetAddress.getByName("216.160.83.56"));
            assertAll(at.toString(),
                    () -> assertEquals("US", at.country()),
                    () -> assertEquals("NA", at.continent()),
                    () -> assertEquals("US-WA", at.subdivision()),
                    () -> assertEquals(29, at.networkPrefix()));
        }
    }

    @Test
    void cityDatabaseLocatesIpv6AndLeavesUnlistedAddressesUnknown() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(database("GeoIP2-City-Test.mmdb"))) {
            GeoLocation tokyo = locator.locate(InetAddress.getByName("2001:218::"));
            assertEquals("JP", tokyo.country());
            assertEquals("AS", tokyo.continent());
            assertEquals(32, tokyo.networkPrefix());
            GeoLocation nowhere = locator.locate(InetAddress.getByName("1.2.3.4"));
            assertFalse(nowhere.isKnown(), nowhere.toString());
        }
    }

    @Test
    void countryDatabaseGivesCountryAndContinentWithoutCoordinates() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(database("GeoLite2-Country-Test.mmdb"))) {
            GeoLocation london = locator.locate(InetAddress.getByName("81.2.69.142"));
            assertAll(london.toString(),
                    () -> assertEquals("GB", london.country()),
                    () -> assertEquals("EU", london.continent()),
                    () -> assertNull(london.subdivision()),
                    () -> assertFalse(london.hasCoordinates()));
            GeoLocation notInCityDatabase = locator.locate(InetAddress.getByName("50.114.0.0"));
            assertEquals("US", notInCityDatabase.country());
            assertEquals("NA", notInCityDatabase.continent());
        }
    }

    /** The country table of flat-layout databases agrees with MaxMind wherever MaxMind's data names both. */
    @ParameterizedTest
    @ValueSource(strings = {"GeoIP2-City-Test.mmdb", "GeoIP2-Country-Test.mmdb", "GeoLite2-City-Test.mmdb",
        "GeoLite2-Country-Test.mmdb"})
    void countryTableAgreesWithMaxMindsContinents(String name) throws Exception {
        Map<String, String> table = countryTable();
        int compared = 0;
        try (Reader reader = new Reader(database(name).toFile())) {
            Networks<Map> networks = reader.networks(Map.class);
            while (networks.hasNext()) {
                DatabaseRecord<Map> record = networks.next();
                Object country = field(record.data(), "country", "iso_code");
                Object continent = field(record.data(), "continent", "code");
                if (country != null && continent != null) {
                    assertEquals(continent, table.get(country), country + " in " + record.network());
                    compared++;
                }
            }
        }
        assertTrue(compared > 0, "no record of " + name + " names a country and a continent");
    }

    /** Every record of MaxMind's own City and Country test databases passes the check made at load. */
    @ParameterizedTest
    @ValueSource(strings = {"GeoIP2-City-Test.mmdb", "GeoIP2-Country-Test.mmdb", "GeoLite2-City-Test.mmdb",
        "GeoLite2-Country-Test.mmdb"})
    void locationDatabasesPassTheLoadCheck(String name) throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(database(name))) {
            assertTrue(locator.ipVersion() == 4 || locator.ipVersion() == 6, name);
        }
    }

    @Test
    void asnDatabaseIsRefusedInWords() {
        Path file = database("GeoLite2-ASN-Test.mmdb");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> MaxMindGeoLocator.open(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("an ASN database (type "
                + "GeoLite2-ASN) maps networks to operators, not places"), e.getMessage());
    }

    @Test
    void anonymousIpDatabaseIsRefusedForHavingNoPlaces() {
        Path file = database("GeoIP2-Anonymous-IP-Test.mmdb");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> MaxMindGeoLocator.open(file));
        assertTrue(e.getMessage().contains("no record holds a country or coordinates"), e.getMessage());
    }

    private static Object field(Map<?, ?> data, String map, String key) {
        Object inner = data == null ? null : data.get(map);
        return inner instanceof Map<?, ?> values ? values.get(key) : null;
    }

    private static Map<String, String> countryTable() throws IOException {
        Map<String, String> table = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                MaxMindGeoLocator.class.getResourceAsStream("country-continents.csv")), StandardCharsets.UTF_8))) {
            in.lines().filter(line -> line.matches("[A-Z]{2},[A-Z]{2}"))
                    .forEach(line -> table.put(line.substring(0, 2), line.substring(3)));
        }
        return table;
    }

    private static Path database(String name) {
        Path file = TEST_DATA.resolve(name);
        assertTrue(Files.isRegularFile(file), file + " is missing: MaxMind's test databases live in shared/geo-test-data");
        return file;
    }
}
