package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several databases as one: each address family is looked up in the first database that covers it. */
class FamilyGeoLocatorTest {
    @TempDir
    Path dir;

    @Test
    void eachFamilyIsLookedUpInTheFirstDatabaseThatHasIt() throws Exception {
        Path first = TestDatabases.city(Files.createDirectories(dir.resolve("a")),
                "192.0.2.0/24,EU,GB,,51.5,-0.1", "2001:db8::/32,EU,GB,,51.5,-0.1");
        Path second = TestDatabases.city(Files.createDirectories(dir.resolve("b")),
                "192.0.2.0/24,NA,US,,39.0,-77.5", "2001:db8::/32,NA,US,,39.0,-77.5");
        try (FamilyGeoLocator both = new FamilyGeoLocator(List.of(MaxMindGeoLocator.open(first),
                MaxMindGeoLocator.open(second)))) {
            assertEquals("GB", both.locate(InetAddress.getByName("192.0.2.1")).country());
            assertEquals("GB", both.locate(InetAddress.getByName("2001:db8::1")).country());
        }
    }

    @Test
    void noDatabaseKnowsNothing() throws Exception {
        try (FamilyGeoLocator none = new FamilyGeoLocator(List.of())) {
            assertEquals(GeoLocation.unknown(0), none.locate(InetAddress.getByName("192.0.2.1")));
        }
    }
}
