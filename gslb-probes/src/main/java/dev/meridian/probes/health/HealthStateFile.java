package dev.meridian.probes.health;

import dev.meridian.probes.observe.HealthStatus;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The last health verdicts on disk, so that a restarted node serves what it knew instead of assuming every endpoint
 * up (or down). The aggregator rewrites it after every change (on its next tick), to a temporary file that is then
 * moved over the old one, so a crash leaves either the old or the new file, never half of one.
 *
 * <p>The format is line-based UTF-8 text, fields separated by one tab:
 * <pre>
 * meridian-health-state 1
 * version	17
 * written	2025-01-01T00:00:00Z
 * endpoint	example.com/eu/web1	DOWN	2025-01-01T00:00:00Z
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class HealthStateFile {
    private static final System.Logger LOG = System.getLogger(HealthStateFile.class.getName());
    private static final String HEADER = "meridian-health-state 1";

    private final Path path;

    public HealthStateFile(Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /**
     * What a state file holds: every endpoint's status and since, marked stale (nothing fresh backs them yet).
     *
     * @param version the snapshot version that was saved
     * @param writtenAt when that snapshot was built
     */
    public record Persisted(long version, Instant writtenAt, Map<String, EndpointHealth> endpoints) {
        public static final Persisted EMPTY = new Persisted(0, Instant.EPOCH, Map.of());

        public Persisted {
            Objects.requireNonNull(writtenAt, "writtenAt");
            endpoints = Map.copyOf(endpoints);
        }
    }

    /** A state file that cannot be understood; the message names the file, the line and what was expected. */
    public static final class CorruptStateException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptStateException(Path path, int line, String message) {
            super("health state file " + path + " line " + line + ": " + message);
        }
    }

    /** Saves the snapshot's statuses, replacing the file atomically. */
    public void save(HealthSnapshot snapshot) throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        Path dir = path.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
                out.write(HEADER + "\n");
                out.write("version\t" + snapshot.version() + "\n");
                out.write("written\t" + snapshot.builtAt() + "\n");
                // Sorted so that two saves of the same state give the same bytes.
                for (Map.Entry<String, HealthSnapshot.EndpointState> e : new TreeMap<>(snapshot.endpoints())
                        .entrySet()) {
                    String key = e.getKey();
                    if (key.isEmpty() || key.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
                        LOG.log(System.Logger.Level.WARNING, "not persisting endpoint key {0}: empty or has a tab or "
                                + "line break", key);
                        continue;
                    }
                    EndpointHealth health = e.getValue().health();
                    out.write("endpoint\t" + key + "\t" + health.status() + "\t" + health.since() + "\n");
                }
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads the file.
     *
     * @throws NoSuchFileException when there is no file
     * @throws CorruptStateException when the file is not a state file or a line is malformed
     */
    public Persisted read() throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        Long version = null;
        Instant written = null;
        Map<String, EndpointHealth> endpoints = new HashMap<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw new CorruptStateException(path, lineNo, "expected '" + HEADER + "', found '"
                            + abbreviate(line) + "'");
                }
                headerSeen = true;
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "version" -> {
                    expectFields(f, 2, lineNo, "version<TAB>number", line);
                    try {
                        version = Long.parseLong(f[1]);
                    } catch (NumberFormatException e) {
                        throw new CorruptStateException(path, lineNo, "expected a version number, found '"
                                + abbreviate(f[1]) + "'");
                    }
                }
                case "written" -> {
                    expectFields(f, 2, lineNo, "written<TAB>ISO-8601 instant", line);
                    written = instant(f[1], lineNo);
                }
                case "endpoint" -> {
                    expectFields(f, 4, lineNo, "endpoint<TAB>key<TAB>UP|DOWN<TAB>ISO-8601 instant", line);
                    if (f[1].isEmpty()) {
                        throw new CorruptStateException(path, lineNo, "empty endpoint key");
                    }
                    HealthStatus status;
                    try {
                        status = HealthStatus.valueOf(f[2]);
                    } catch (IllegalArgumentException e) {
                        throw new CorruptStateException(path, lineNo, "expected status UP or DOWN, found '"
                                + abbreviate(f[2]) + "'");
                    }
                    if (endpoints.put(f[1], new EndpointHealth(status, false, instant(f[3], lineNo), true)) != null) {
                        throw new CorruptStateException(path, lineNo, "endpoint '" + f[1] + "' appears twice");
                    }
                }
                default -> throw new CorruptStateException(path, lineNo,
                        "expected a 'version', 'written' or 'endpoint' line, found '" + abbreviate(line) + "'");
            }
        }
        if (!headerSeen) {
            throw new CorruptStateException(path, 1, "empty file, expected '" + HEADER + "'");
        }
        if (version == null || written == null) {
            throw new CorruptStateException(path, lines.size(), "missing the "
                    + (version == null ? "'version'" : "'written'") + " line");
        }
        return new Persisted(version, written, endpoints);
    }

    /**
     * Reads the file for a cold start, never failing: no file gives {@link Persisted#EMPTY}; an unreadable or corrupt
     * file is logged as a warning (with the reason) and also gives {@link Persisted#EMPTY}.
     */
    public Persisted load() {
        try {
            return read();
        } catch (NoSuchFileException e) {
            LOG.log(System.Logger.Level.INFO, "no health state file at {0}; starting without remembered health",
                    path);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring the health state file, starting without remembered "
                    + "health: {0}", e.getMessage());
        }
        return Persisted.EMPTY;
    }

    private void expectFields(String[] fields, int count, int lineNo, String expected, String line)
            throws CorruptStateException {
        if (fields.length != count) {
            throw new CorruptStateException(path, lineNo, "expected '" + expected + "', found '"
                    + abbreviate(line) + "'");
        }
    }

    private Instant instant(String text, int lineNo) throws CorruptStateException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CorruptStateException(path, lineNo, "expected an ISO-8601 instant such as "
                    + "2025-01-01T00:00:00Z, found '" + abbreviate(text) + "'");
        }
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
