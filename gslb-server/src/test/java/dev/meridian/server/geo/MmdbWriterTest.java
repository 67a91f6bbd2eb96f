package dev.meridian.server.geo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.CityResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer produces is a MaxMind DB file as MaxMind's own readers understand it. */
class MmdbWriterTest {
    @TempDir
    Path dir;

    @Test
    void geoIp2CityReaderReadsWhatWasWritten() throws Exception {
        Path csv = Files.writeString(dir.resolve("radius.csv"), TestDatabases.HEADER + ",accuracy_radius\n"
                + "203.0.113.0/24,NA,US,US-WA,47.6062,-122.3321,20\n"
                + "2001:db8:e000::/40,,DE,DE-HE,50.1109,8.6821,\n");
        Path db = Files.write(dir.resolve("city.mmdb"),
                CityDatabase.build(GeoCsv.read(csv), "Test-City", "test", TestDatabases.BUILD_EPOCH));
        try (DatabaseReader reader = new DatabaseReader.Builder(db.toFile()).build()) {
            CityResponse seattle = reader.city(InetAddress.getByName("203.0.113.9"));
            assertAll(seattle.toString(),
                    () -> assertEquals("US", seattle.country().isoCode()),
                    () -> assertEquals("NA", seattle.continent().code()),
                    () -> assertEquals("WA", seattle.mostSpecificSubdivision().isoCode()),
                    () -> assertEquals(47.6062, seattle.location().latitude()),
                    () -> assertEquals(-122.3321, seattle.location().longitude()),
                    () -> assertEquals(20, seattle.location().accuracyRadius()),
                    () -> assertEquals(24, seattle.traits().network().prefixLength()));
            CityResponse frankfurt = reader.city(InetAddress.getByName("2001:db8:e012::1"));
            assertAll(frankfurt.toString(),
                    () -> assertEquals("DE", frankfurt.country().isoCode()),
                    () -> assertEquals("EU", frankfurt.continent().code()),
                    () -> assertEquals("HE", frankfurt.mostSpecificSubdivision().isoCode()),
                    () -> assertEquals(null, frankfurt.location().accuracyRadius()),
                    () -> assertEquals(40, frankfurt.traits().network().prefixLength()));
        }
    }

    @Test
    void metadataSaysWhatAndWhenAndThatTheTreeIsIpv6() throws IOException {
        MmdbWriter writer = new MmdbWriter("Meridian-Test-City", "described", 1_767_225_600L);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().map(0).toByteArray());
        try (Reader reader = reader(writer.toByteArray())) {
            Metadata metadata = reader.getMetadata();
            assertAll(metadata.toString(),
                    () -> assertEquals(2, metadata.binaryFormatMajorVersion()),
                    () -> assertEquals(0, metadata.binaryFormatMinorVersion()),
                    () -> assertEquals(6, metadata.ipVersion()),
                    () -> assertEquals("Meridian-Test-City", metadata.databaseType()),
                    () -> assertEquals(Map.of("en", "described"), metadata.description()),
                    () -> assertEquals(List.of(), metadata.languages()),
                    () -> assertEquals(1_767_225_600_000L, metadata.buildTime().toEpochMilli()),
                    () -> assertTrue(metadata.toString().contains("recordSize=24"), metadata.toString()));
        }
    }

    @Test
    void ipv4NetworksSitUnderTheIpv4CompatiblePrefix() throws IOException {
        MmdbWriter writer = new MmdbWriter("Test", "ipv4", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().string("doc").toByteArray());
        try (Reader reader = reader(writer.toByteArray())) {
            assertEquals("doc", reader.get(InetAddress.getByName("192.0.2.1"), String.class));
            var compatible = reader.getRecord(InetAddress.getByName("::c000:201"), String.class);
            assertEquals("doc", compatible.data());
            assertEquals(96 + 24, compatible.network().prefixLength());
        }
    }

    @Test
    void sameNetworksInAnyOrderGiveTheSameBytes() {
        List<String> networks = new ArrayList<>(List.of("192.0.2.0/24", "192.0.2.128/25", "198.51.100.0/22",
                "2001:db8::/32", "2001:db8:a000::/40", "::/0", "203.0.113.7/32"));
        byte[] first = write(networks);
        Collections.shuffle(networks, new Random(7));
        assertArrayEquals(first, write(networks));
    }

    @Test
    void largeDataSectionMovesTo28BitRecords() throws IOException {
        MmdbWriter writer = new MmdbWriter("Test", "large", TestDatabases.BUILD_EPOCH);
        String large = "x".repeat(1 << 24);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().string(large).toByteArray());
        // Stored after 16 MiB of data, so its pointer needs the high nibble of the 28-bit record.
        writer.put(Cidr.parse("198.51.100.0/24"), new MmdbEncoder().string("small").toByteArray());
        try (Reader reader = reader(writer.toByteArray())) {
            assertTrue(reader.getMetadata().toString().contains("recordSize=28"), reader.getMetadata().toString());
            assertEquals("small", reader.get(InetAddress.getByName("198.51.100.1"), String.class));
            assertEquals(large.length(), reader.get(InetAddress.getByName("192.0.2.1"), String.class).length());
        }
    }

    @Test
    void networkListedTwiceIsRefused() {
        MmdbWriter writer = new MmdbWriter("Test", "twice", TestDatabases.BUILD_EPOCH);
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().string("a").toByteArray());
        writer.put(Cidr.parse("192.0.2.0/24"), new MmdbEncoder().string("b").toByteArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, writer::toByteArray);
        assertEquals("network 192.0.2.0/24 is listed twice", e.getMessage());
    }

    private static byte[] write(List<String> networks) {
        MmdbWriter writer = new MmdbWriter("Test", "order", TestDatabases.BUILD_EPOCH);
        for (String network : networks) {
            writer.put(Cidr.parse(network), new MmdbEncoder().string(network).toByteArray());
        }
        return writer.toByteArray();
    }

    private static Reader reader(byte[] database) throws IOException {
        return new Reader(new ByteArrayInputStream(database));
    }
}
