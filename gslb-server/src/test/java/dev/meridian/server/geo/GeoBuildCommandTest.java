package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code geo-build} as an operator runs it. */
class GeoBuildCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildsADatabaseTheLocatorReads() throws Exception {
        Path csv = TestDatabases.csv(dir, "203.0.113.0/24,NA,US,US-WA,47.6062,-122.3321", "2001:db8:b000::/40,,US,,,");
        Path out = dir.resolve("own.mmdb");
        Run run = run("--csv", csv.toString(), "--out", out.toString(), "--build-epoch", "1767225600");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 2 networks, "), run.out());
        assertTrue(run.out().contains("database_type Meridian-City, build_epoch 1767225600"), run.out());
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(out)) {
            assertEquals("US-WA", locator.locate(InetAddress.getByName("203.0.113.1")).subdivision());
            assertEquals("NA", locator.locate(InetAddress.getByName("2001:db8:b000::1")).continent());
        }
    }

    @Test
    void sameCsvAndBuildEpochGiveTheSameBytes() throws Exception {
        Path csv = TestDatabases.csv(dir, "192.0.2.0/25,EU,GB,GB-ENG,51.5074,-0.1278", "2001:db8:e000::/40,EU,DE,,,");
        Path first = dir.resolve("first.mmdb");
        Path second = dir.resolve("second.mmdb");
        assertEquals(0, run("--csv", csv.toString(), "--out", first.toString(), "--build-epoch", "1").exit());
        assertEquals(0, run("--csv", csv.toString(), "--out", second.toString(), "--build-epoch", "1").exit());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void badCsvFailsWithOneLineNamingFileAndLineAndWritesNothing() throws Exception {
        Path csv = TestDatabases.csv(dir, "192.0.2.0/24,EU,GB,,,", "192.0.2.0/33,EU,GB,,,");
        Path out = dir.resolve("never.mmdb");
        Run run = run("--csv", csv.toString(), "--out", out.toString());
        assertEquals(1, run.exit());
        assertEquals("error: " + csv + ":3: prefix length 33 is longer than 32 bits" + System.lineSeparator(),
                run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void rebuildReplacesTheDatabaseWithoutLeavingATemporaryFile() throws Exception {
        Path out = dir.resolve("own.mmdb");
        Files.writeString(out, "old");
        Path csv = TestDatabases.csv(dir, "192.0.2.0/24,EU,GB,,,");
        assertEquals(0, run("--csv", csv.toString(), "--out", out.toString()).exit());
        try (MaxMindGeoLocator locator = MaxMindGeoLocator.open(out)) {
            assertEquals("GB", locator.locate(InetAddress.getByName("192.0.2.1")).country());
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".tmp")).count());
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new GeoBuildCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
