package dev.meridian.server.geo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Databases the tests build with the project's own CSV reader and writer. */
final class TestDatabases {
    static final String HEADER = "network,continent,country,subdivision,latitude,longitude";
    static final long BUILD_EPOCH = 1_767_225_600L;

    private TestDatabases() {
    }

    /** A CSV file of {@code rows} under the standard header. */
    static Path csv(Path dir, String... rows) throws IOException {
        return Files.writeString(dir.resolve("networks.csv"), HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    /** A City-layout database of {@code rows}. */
    static Path city(Path dir, String... rows) throws IOException, GeoDatabaseException {
        byte[] database = CityDatabase.build(GeoCsv.read(csv(dir, rows)), "Test-City", "test networks", BUILD_EPOCH);
        return Files.write(dir.resolve("test-city.mmdb"), database);
    }
}
