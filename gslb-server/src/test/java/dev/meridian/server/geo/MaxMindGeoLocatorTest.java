package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups in databases the writer built, in both layouts, and files that cannot be used. */
class MaxMindGeoLocatorTest {
    private static final String LONDON = "192.0.2.0/25,EU,GB,GB-ENG,51.5074,-0.1278";
    private static final String FRANKFURT = "2001:db8:e000::/40,EU,DE,DE-HE,50.1109,8.6821";

    @TempDir
    Path dir;

    @Test
    void ipv4AddressGetsItsNetworksLocationAndPrefix() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(TestDatabases.city(dir, LONDON, FRANKFURT))) {
            GeoLocation at = locator.locate(ip("192.0.2.77"));
            assertAll(at.toString(),
                    () -> assertEquals("GB", at.country()),
                    () -> assertEquals("EU", at.continent()),
                    () -> assertEquals("GB-ENG", at.subdivision()),
                    () -> assertTrue(at.hasCoordinates()),
                    () -> assertEquals(51.5074, at.latitude()),
                    () -> assertEquals(-0.1278, at.longitude()),
                    () -> assertEquals(25, at.networkPrefix()));
        }
    }

    @Test
    void ipv6AddressGetsItsNetworksLocationAndPrefix() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(TestDatabases.city(dir, LONDON, FRANKFURT))) {
            GeoLocation at = locator.locate(ip("2001:db8:e0ff:ffff::1"));
            assertAll(at.toString(),
                    () -> assertEquals("DE", at.country()),
                    () -> assertEquals("EU", at.continent()),
                    () -> assertEquals("DE-HE", at.subdivision()),
                    () -> assertEquals(40, at.networkPrefix()));
        }
    }

    @Test
    void moreSpecificNetworkWinsAndSplitsTheOneAroundIt() throws Exception {
        Path db = TestDatabases.city(dir, "198.51.100.0/24,NA,US,US-VA,,", "198.51.100.128/25,NA,US,US-WA,,");
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(db)) {
            assertEquals("US-WA", locator.locate(ip("198.51.100.200")).subdivision());
            GeoLocation rest = locator.locate(ip("198.51.100.5"));
            assertEquals("US-VA", rest.subdivision());
            // The answer for the /24's lower half holds for that half only: the upper half answers differently.
            assertEquals(25, rest.networkPrefix());
        }
    }

    @Test
    void addressInNoNetworkIsUnknownForTheLargestEmptyNetworkAroundIt() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(TestDatabases.city(dir, "192.0.2.0/24,EU,GB,,,"))) {
            assertEquals(GeoLocation.unknown(24), locator.locate(ip("192.0.3.1")));
            assertEquals(GeoLocation.unknown(1), locator.locate(ip("10.0.0.1")));
            assertEquals(GeoLocation.unknown(3), locator.locate(ip("2001:db8::1")));
        }
    }

    @Test
    void listedNetworkWithNothingKnownIsUnknownWithItsOwnPrefix() throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(TestDatabases.city(dir, LONDON, "192.0.2.192/26,,,,,"))) {
            GeoLocation at = locator.locate(ip("192.0.2.200"));
            assertFalse(at.isKnown());
            assertEquals(GeoLocation.unknown(26), at);
        }
    }

    @Test
    void flatLayoutTakesTheContinentFromTheCountry() throws Exception {
        MmdbWriter writer = new MmdbWriter("city ipv4", "flat", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("203.0.113.0/24"), flat("US", "WA", 47.6062f, -122.3321f));
        // ip-location-db's state1 is usually a name, which is no ISO 3166-2 code.
        writer.put(Cidr.parse("2001:db8:c000::/40"), flat("JP", "Tokyo", 35.6895f, 139.6917f));
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(write(writer))) {
            GeoLocation seattle = locator.locate(ip("203.0.113.9"));
            assertAll(seattle.toString(),
                    () -> assertEquals("US", seattle.country()),
                    () -> assertEquals("NA", seattle.continent()),
                    () -> assertEquals("US-WA", seattle.subdivision()),
                    () -> assertEquals(47.6062f, (float) seattle.latitude()),
                    () -> assertEquals(-122.3321f, (float) seattle.longitude()),
                    () -> assertEquals(24, seattle.networkPrefix()));
            GeoLocation tokyo = locator.locate(ip("2001:db8:c000::1"));
            assertAll(tokyo.toString(),
                    () -> assertEquals("JP", tokyo.country()),
                    () -> assertEquals("AS", tokyo.continent()),
                    () -> assertNull(tokyo.subdivision()),
                    () -> assertTrue(tokyo.hasCoordinates()));
        }
    }

    @Test
    void registeredCountryStandsInForAMissingCountry() throws Exception {
        MmdbWriter writer = new MmdbWriter("Test-Country", "registered only", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"),
                new MmdbEncoder().map(1).string("registered_country").map(1).string("iso_code").string("SE")
                        .toByteArray());
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(write(writer))) {
            GeoLocation at = locator.locate(ip("192.0.2.1"));
            assertEquals("SE", at.country());
            assertEquals("EU", at.continent());
            assertFalse(at.hasCoordinates());
        }
    }

    @Test
    void recordOfAnotherShapeIsRefusedAtLoad() throws Exception {
        MmdbWriter writer = new MmdbWriter("Test-City", "country is a string", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().map(1).string("country").string("GB").toByteArray());
        assertUnusable(write(writer), "corrupt or unsupported MaxMind DB file: the first record cannot be read: "
                + "Error creating object of type: GeoRecord - argument type mismatch in country");
    }

    @Test
    void asnDatabaseIsRefusedInWords() throws Exception {
        MmdbWriter writer = new MmdbWriter("GeoLite2-ASN", "operators", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().map(1).string("autonomous_system_number")
                .uint32(64496).toByteArray());
        assertUnusable(write(writer), "corrupt or unsupported MaxMind DB file: an ASN database (type GeoLite2-ASN) "
                + "maps networks to operators, not places; give a City or Country database");
    }

    @Test
    void databaseWithoutAnyPlaceIsRefused() throws Exception {
        MmdbWriter writer = new MmdbWriter("Test-Anonymous-IP", "no places", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().map(1).string("is_anonymous").bool(true)
                .toByteArray());
        assertUnusable(write(writer), "corrupt or unsupported MaxMind DB file: no record holds a country or "
                + "coordinates (type Test-Anonymous-IP)");
    }

    @Test
    void countryCodeThatIsNotTwoCapitalLettersIsRefusedNamingItsNetwork() throws Exception {
        MmdbWriter writer = new MmdbWriter("city ipv4", "flat", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), flat("US", "WA", 47.6f, -122.3f));
        writer.put(Cidr.parse("198.51.100.0/24"), flat("G?", "ENG", 51.5f, -0.1f));
        assertUnusable(write(writer), "corrupt or unsupported MaxMind DB file: the record of 198.51.100.0/24 is "
                + "wrong: country code 'G?' is not two capital letters");
    }

    @Test
    void latitudeOutOfRangeIsRefusedNamingItsNetwork() throws Exception {
        MmdbWriter writer = new MmdbWriter("city ipv4", "flat", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), flat("US", "WA", 147.6f, -122.3f));
        assertUnusable(write(writer), "corrupt or unsupported MaxMind DB file: the record of 192.0.2.0/24 is wrong: "
                + "latitude 147.6");
    }

    @Test
    void longitudeOutOfRangeIsRefused() throws Exception {
        MmdbWriter writer = new MmdbWriter("city ipv4", "flat", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), flat("US", "WA", 47.6f, -222.3f));
        assertUnusable(write(writer), "corrupt or unsupported MaxMind DB file: the record of 192.0.2.0/24 is wrong: "
                + "longitude -222.3");
    }

    @Test
    void checkSummarisesTypeBuildTimeAndNetworks() throws Exception {
        try (com.maxmind.db.Reader reader = new com.maxmind.db.Reader(TestDatabases.city(dir, LONDON, FRANKFURT)
                .toFile())) {
            GeoDatabaseCheck.Summary summary = GeoDatabaseCheck.run(reader);
            assertEquals("type Test-City, built 2026-01-01T00:00:00Z, " + summary.networks() + " networks",
                    summary.toString());
            assertTrue(summary.networks() >= 2, summary.toString());
        }
    }

    @Test
    void lookupAfterCloseIsUnknownNotAnError() throws Exception {
        MaxMindGeoLocator locator = MaxMindGeoLocator.open(TestDatabases.city(dir, LONDON, FRANKFURT));
        locator.close();
        assertEquals(GeoLocation.unknown(32), locator.locate(ip("192.0.2.77")));
        assertEquals(GeoLocation.unknown(128), locator.locate(ip("2001:db8:e000::1")));
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nowhere.mmdb");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> MaxMindGeoLocator.open(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsNotADatabase() {
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> MaxMindGeoLocator.open(dir));
        assertEquals(dir + ": not a regular file", e.getMessage());
    }

    @Test
    void randomBytesAreNotADatabase() throws Exception {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        assertUnusable(Files.write(dir.resolve("noise.mmdb"), noise), "not a MaxMind DB file");
    }

    @Test
    void emptyFileIsNotADatabase() throws Exception {
        assertUnusable(Files.write(dir.resolve("empty.mmdb"), new byte[0]), "not a MaxMind DB file");
    }

    @Test
    void databaseCutInHalfIsNotADatabase() throws Exception {
        byte[] whole = Files.readAllBytes(TestDatabases.city(dir, LONDON, FRANKFURT));
        Path half = Files.write(dir.resolve("half.mmdb"), Arrays.copyOf(whole, whole.length / 2));
        assertUnusable(half, "not a MaxMind DB file");
    }

    @Test
    void databaseMissingTheEndOfItsMetadataIsNotADatabase() throws Exception {
        byte[] whole = Files.readAllBytes(TestDatabases.city(dir, LONDON, FRANKFURT));
        Path cut = Files.write(dir.resolve("cut.mmdb"), Arrays.copyOf(whole, whole.length - 20));
        assertUnusable(cut, "not a MaxMind DB file");
    }

    @Test
    void databaseWhoseTreePointsPastTheFileIsCorrupt() throws Exception {
        byte[] whole = Files.readAllBytes(TestDatabases.city(dir, LONDON, FRANKFURT));
        // The root node's records (24 bits each) point far beyond the data section.
        Arrays.fill(whole, 0, 6, (byte) 0xEE);
        assertUnusable(Files.write(dir.resolve("overwritten.mmdb"), whole), "corrupt or unsupported MaxMind DB file");
    }

    /** Refused with the file, the problem, on one line, in words: never a buffer's own complaint. */
    private static void assertUnusable(Path file, String problem) {
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> MaxMindGeoLocator.open(file));
        assertTrue(e.getMessage().startsWith(file + ": " + problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(e.getMessage().matches(".*(newLimit|newPosition|capacity|Exception).*"), e.getMessage());
    }

    /** A record as the ip-location-db city databases write it. */
    private static byte[] flat(String country, String state1, float latitude, float longitude) {
        return new MmdbEncoder().map(5)
                .string("city").string("")
                .string("country_code").string(country)
                .string("latitude").floatValue(latitude)
                .string("longitude").floatValue(longitude)
                .string("state1").string(state1)
                .toByteArray();
    }

    private Path write(MmdbWriter writer) throws IOException {
        return Files.write(dir.resolve("written.mmdb"), writer.toByteArray());
    }

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }
}
