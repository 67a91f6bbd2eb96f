package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed {@code geo-data/demo-city.mmdb} is what its README's {@code geo-build} command makes of {@code
 * geo-data/demo-networks.csv}, and answers as the demo expects. Tests run in {@code gslb-server}.
 */
class DemoDatabaseTest {
    private static final Path ROOT = Path.of("..");
    private static final Path DEMO = ROOT.resolve("geo-data/demo-city.mmdb");

    @TempDir
    Path dir;

    @Test
    void committedDatabaseIsAFreshBuildOfTheCsvByTheReadmeCommand() throws IOException {
        Path fresh = dir.resolve("fresh.mmdb");
        Path committed = null;
        List<String> args = new ArrayList<>();
        String[] words = readmeCommand().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            switch (words[i]) {
                case "--csv" -> args.addAll(List.of("--csv", ROOT.resolve(words[++i]).toString()));
                case "--out" -> {
                    committed = ROOT.resolve(words[++i]);
                    args.addAll(List.of("--out", fresh.toString()));
                }
                default -> args.add(words[i]);
            }
        }
        var run = GeoBuildCommandTest.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        assertEquals(DEMO.normalize(), committed.normalize());
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(committed),
                "geo-data/demo-city.mmdb is stale: rebuild it with the command in geo-data/README.md");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "192.0.2.10,         GB, EU, GB-ENG, 25",
        "2001:db8:e0ab::1,   DE, EU, DE-HE,  40",
        "198.51.100.99,      US, NA, US-VA,  24",
        "2001:db8:a000::53,  US, NA, US-VA,  40",
        "203.0.113.200,      US, NA, US-WA,  24",
        "2001:db8:b0ff::1,   US, NA, US-WA,  40",
        "192.0.2.130,        JP, AS, JP-13,  26",
        "2001:db8:d000::1,   FR, EU, -,      40",
        "192.0.2.200,        -,  -,  -,      26",
        "10.0.0.1,           -,  -,  -,      1"})
    void demoNetworksAreWhereTheCsvSays(String address, String country, String continent, String subdivision,
            int prefix) throws Exception {
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(DEMO)) {
            GeoLocation at = locator.locate(InetAddress.getByName(address));
            assertAll(at.toString(),
                    () -> assertEquals(country, at.country()),
                    () -> assertEquals(continent, at.continent()),
                    () -> assertEquals(subdivision, at.subdivision()),
                    () -> assertEquals(prefix, at.networkPrefix()));
        }
    }

    /** The words after {@code geo-build} on the README's command line. */
    private static String readmeCommand() throws IOException {
        String marker = "gslb-server.jar geo-build ";
        return Files.readAllLines(ROOT.resolve("geo-data/README.md")).stream()
                .filter(line -> line.contains(marker))
                .map(line -> line.substring(line.indexOf(marker) + marker.length()).strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError("geo-data/README.md has no geo-build command"));
    }
}
