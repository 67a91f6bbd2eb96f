package dev.meridian.probes.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.health.HealthSnapshot.EndpointState;
import dev.meridian.probes.observe.HealthStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthStateFileTest {
    private static final Instant BUILT = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant SINCE_UP = Instant.parse("2025-03-01T10:00:00.123Z");
    private static final Instant SINCE_DOWN = Instant.parse("2025-03-01T11:59:30Z");

    @TempDir
    Path dir;

    private static HealthSnapshot snapshot() {
        return new HealthSnapshot(42, BUILT, Map.of(
                "example.com/eu/web1", state(HealthStatus.UP, SINCE_UP, false),
                "example.com/us/web2", state(HealthStatus.DOWN, SINCE_DOWN, true)));
    }

    private static EndpointState state(HealthStatus status, Instant since, boolean stale) {
        return new EndpointState(new EndpointHealth(status, false, since, stale), status, 1, 0, 0, Instant.MAX,
                false);
    }

    @Test
    void savedStateReadsBackStaleWithItsStatusesAndSinces() throws IOException {
        HealthStateFile file = new HealthStateFile(dir.resolve("state/health.state"));
        file.save(snapshot());

        HealthStateFile.Persisted read = file.read();

        assertEquals(42, read.version());
        assertEquals(BUILT, read.writtenAt());
        assertEquals(Map.of(
                "example.com/eu/web1", new EndpointHealth(HealthStatus.UP, false, SINCE_UP, true),
                "example.com/us/web2", new EndpointHealth(HealthStatus.DOWN, false, SINCE_DOWN, true)),
                read.endpoints());
        assertEquals(read, file.load());
    }

    @Test
    void saveReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        HealthStateFile file = new HealthStateFile(dir.resolve("health.state"));
        file.save(snapshot());
        file.save(new HealthSnapshot(43, BUILT.plusSeconds(1), Map.of()));

        assertEquals(43, file.read().version());
        assertTrue(file.read().endpoints().isEmpty());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.path()), files.toList());
        }
    }

    @Test
    void missingFileLoadsAsEmpty() {
        HealthStateFile file = new HealthStateFile(dir.resolve("absent.state"));
        assertThrows(NoSuchFileException.class, file::read);
        assertEquals(HealthStateFile.Persisted.EMPTY, file.load());
    }

    @Test
    void foreignFileIsRejectedWithItsPathAndLine() throws IOException {
        Path path = dir.resolve("health.state");
        Files.writeString(path, "{\"not\": \"ours\"}\n");
        HealthStateFile file = new HealthStateFile(path);

        IOException e = assertThrows(HealthStateFile.CorruptStateException.class, file::read);
        assertEquals("health state file " + path.toAbsolutePath() + " line 1: expected 'meridian-health-state 1', "
                + "found '{\"not\": \"ours\"}'", e.getMessage());
        assertEquals(HealthStateFile.Persisted.EMPTY, file.load());
    }

    @Test
    void badStatusNamesTheLineAndTheValue() throws IOException {
        Path path = dir.resolve("health.state");
        Files.writeString(path, "meridian-health-state 1\nversion\t3\nwritten\t2025-03-01T12:00:00Z\n"
                + "endpoint\tex/eu/web1\tSIDEWAYS\t2025-03-01T12:00:00Z\n");
        HealthStateFile file = new HealthStateFile(path);

        IOException e = assertThrows(HealthStateFile.CorruptStateException.class, file::read);
        assertTrue(e.getMessage().endsWith("line 4: expected status UP or DOWN, found 'SIDEWAYS'"), e.getMessage());
        assertEquals(HealthStateFile.Persisted.EMPTY, file.load());
    }

    @Test
    void truncatedFileIsCorrupt() throws IOException {
        HealthStateFile file = new HealthStateFile(dir.resolve("health.state"));
        file.save(snapshot());
        byte[] bytes = Files.readAllBytes(file.path());
        Files.write(file.path(), java.util.Arrays.copyOf(bytes, 60));

        IOException e = assertThrows(HealthStateFile.CorruptStateException.class, file::read);
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertEquals(HealthStateFile.Persisted.EMPTY, file.load());
    }

    @Test
    void fileWithoutVersionIsCorrupt() throws IOException {
        Path path = dir.resolve("health.state");
        Files.writeString(path, "meridian-health-state 1\nwritten\t2025-03-01T12:00:00Z\n", StandardCharsets.UTF_8);

        IOException e = assertThrows(HealthStateFile.CorruptStateException.class,
                new HealthStateFile(path)::read);
        assertTrue(e.getMessage().endsWith("missing the 'version' line"), e.getMessage());
    }

    @Test
    void emptyFileIsCorrupt() throws IOException {
        Path path = dir.resolve("health.state");
        Files.writeString(path, "");
        IOException e = assertThrows(HealthStateFile.CorruptStateException.class, new HealthStateFile(path)::read);
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    @Test
    void aggregatorWithACorruptFileStartsWithNothingRemembered() throws IOException {
        Path path = dir.resolve("health.state");
        Files.writeString(path, "garbage");
        HealthAggregator aggregator = HealthAggregator.builder(new TestClock(BUILT))
                .stateFile(new HealthStateFile(path)).build();
        assertEquals(HealthSnapshot.EMPTY, aggregator.snapshot());
    }
}
