package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The CSV that {@code geo-build} reads: what it accepts, and a {@code FILE:LINE: problem} for what it does not. */
class GeoCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsNetworksSkippingCommentsAndBlankLines() throws Exception {
        Path csv = write("# demo\n\n" + TestDatabases.HEADER + "\n"
                + "# Europe\n"
                + "192.0.2.0/25,EU,GB,GB-ENG,51.5074,-0.1278\n"
                + "\n"
                + "2001:db8:e000::/40,EU,DE,,,\n");
        List<GeoCsv.Row> rows = GeoCsv.read(csv);
        assertEquals(List.of(
                new GeoCsv.Row(Cidr.parse("192.0.2.0/25"),
                        new GeoLocation("GB", "EU", "GB-ENG", 51.5074, -0.1278, true, 25), OptionalInt.empty()),
                new GeoCsv.Row(Cidr.parse("2001:db8:e000::/40"),
                        new GeoLocation("DE", "EU", null, 0, 0, false, 40), OptionalInt.empty())), rows);
    }

    @Test
    void emptyContinentIsTheCountrys() throws Exception {
        List<GeoCsv.Row> rows = GeoCsv.read(TestDatabases.csv(dir, "192.0.2.0/24,,JP,,,"));
        assertEquals("AS", rows.get(0).location().continent());
    }

    @Test
    void emptyRowIsAListedNetworkWithNothingKnown() throws Exception {
        List<GeoCsv.Row> rows = GeoCsv.read(TestDatabases.csv(dir, "192.0.2.192/26,,,,,"));
        assertEquals(GeoLocation.unknown(26), rows.get(0).location());
    }

    @Test
    void accuracyRadiusColumnIsOptional() throws Exception {
        Path csv = write("\uFEFF" + TestDatabases.HEADER + ",accuracy_radius\n"
                + "203.0.113.0/24,NA,US,US-WA,47.6062,-122.3321,20\n"
                + "198.51.100.0/24,NA,US,US-VA,39.0438,-77.4874,\n");
        List<GeoCsv.Row> rows = GeoCsv.read(csv);
        assertEquals(OptionalInt.of(20), rows.get(0).accuracyRadius());
        assertEquals(OptionalInt.empty(), rows.get(1).accuracyRadius());
    }

    static Stream<Arguments> badRows() {
        return Stream.of(
                Arguments.of("192.0.2.0/24,EU,GB", "expected 6 cells, found 3"),
                Arguments.of("example.com/24,EU,GB,,,",
                        "'example.com/24' is not a network in CIDR notation such as 192.0.2.0/24 or 2001:db8::/32"),
                Arguments.of("192.0.2.0,EU,GB,,,",
                        "'192.0.2.0' is not a network in CIDR notation such as 192.0.2.0/24 or 2001:db8::/32"),
                Arguments.of("192.0.2.0/33,EU,GB,,,", "prefix length 33 is longer than 32 bits"),
                Arguments.of("192.0.2.1/24,EU,GB,,,", "'192.0.2.1/24' has host bits set; the network is 192.0.2.0/24"),
                Arguments.of("192.0.256.0/24,EU,GB,,,", "'192.0.256.0' is not an IPv4 address"),
                Arguments.of("2001:db8:::/48,EU,GB,,,", "'2001:db8:::' is not an IPv6 address"),
                Arguments.of("::ffff:192.0.2.0/120,EU,GB,,,",
                        "'::ffff:192.0.2.0' is an IPv4-mapped address; write the IPv4 network"),
                Arguments.of("192.0.2.0/24,XX,GB,,,",
                        "unknown continent 'XX': expected one of AF, AN, AS, EU, NA, OC, SA"),
                Arguments.of("192.0.2.0/24,EU,gb,,,",
                        "unknown country 'gb': expected an upper-case ISO 3166-1 alpha-2 code such as GB"),
                Arguments.of("192.0.2.0/24,EU,GB,England,,",
                        "subdivision 'England' is not an ISO 3166-2 code such as US-WA"),
                Arguments.of("192.0.2.0/24,EU,GB,US-WA,,", "subdivision 'US-WA' needs country US"),
                Arguments.of("192.0.2.0/24,EU,GB,,51.5,", "give both latitude and longitude, or neither"),
                Arguments.of("192.0.2.0/24,EU,GB,,north,0", "latitude 'north' is not a number"),
                Arguments.of("192.0.2.0/24,EU,GB,,91,0", "latitude 91 is outside -90..90"),
                Arguments.of("192.0.2.0/24,EU,GB,,0,-180.5", "longitude -180.5 is outside -180..180"));
    }

    @ParameterizedTest
    @MethodSource("badRows")
    void badRowIsReportedWithFileAndLine(String row, String problem) throws Exception {
        Path csv = write("# comment\n" + TestDatabases.HEADER + "\n" + row + "\n");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ":3: " + problem, e.getMessage());
    }

    @Test
    void badAccuracyRadiusIsReportedWithFileAndLine() throws Exception {
        Path csv = write(TestDatabases.HEADER + ",accuracy_radius\n"
                + "203.0.113.0/24,NA,US,US-WA,47.6,-122.3,0\n");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ":2: accuracy_radius '0' is not a whole number of kilometres from 1 to 65535",
                e.getMessage());
    }

    @Test
    void accuracyRadiusWithoutCoordinatesIsReported() throws Exception {
        Path csv = write(TestDatabases.HEADER + ",accuracy_radius\n203.0.113.0/24,NA,US,,,,50\n");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ":2: accuracy_radius needs latitude and longitude", e.getMessage());
    }

    @Test
    void networkListedTwiceNamesBothLines() throws Exception {
        Path csv = TestDatabases.csv(dir, "192.0.2.0/24,EU,GB,,,", "198.51.100.0/24,NA,US,,,", "192.0.2.0/24,AS,JP,,,");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ":4: network 192.0.2.0/24 is already listed on line 2", e.getMessage());
    }

    @Test
    void wrongHeaderIsReported() throws Exception {
        Path csv = write("cidr,country\n192.0.2.0/24,GB\n");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ":1: expected the header '" + TestDatabases.HEADER
                + "' (optionally ',accuracy_radius'), found 'cidr,country'", e.getMessage());
    }

    @Test
    void fileWithoutNetworksIsReported() throws Exception {
        Path csv = write("# nothing yet\n" + TestDatabases.HEADER + "\n");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ": no networks", e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path csv = dir.resolve("missing.csv");
        GeoDatabaseException e = assertThrows(GeoDatabaseException.class, () -> GeoCsv.read(csv));
        assertEquals(csv + ": no such file", e.getMessage());
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("networks.csv"), text);
    }
}
