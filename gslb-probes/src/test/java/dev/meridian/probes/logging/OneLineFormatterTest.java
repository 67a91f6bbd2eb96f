package dev.meridian.probes.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {
    private final OneLineFormatter formatter = new OneLineFormatter();

    private static LogRecord record(Level level, String message, Object... params) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName("dev.meridian.Example");
        r.setParameters(params);
        r.setMillis(1_764_700_234_123L);
        return r;
    }

    @Test
    void startsWithAnRfc3339UtcTimestampThenLevelAndLogger() {
        assertEquals("2025-12-02T18:30:34.123Z INFO dev.meridian.Example: serving 2 zone(s)" + System.lineSeparator(),
                formatter.format(record(Level.INFO, "serving {0} zone(s)", 2)));
    }

    @Test
    void aMultiLineMessageBecomesOneLine() {
        String line = formatter.format(record(Level.INFO, "Members {size:2} [\n\tMember a\n\tMember b\n]"));
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("Members {size:2} [ | Member a | Member b | ]"), line);
    }

    @Test
    void aThrowableFollowsOnTheSameLineWithItsCauseAndFewFrames() {
        LogRecord r = record(Level.WARNING, "reload failed");
        r.setThrown(new IllegalStateException("outer", new IOException("disk\ngone")));
        String line = formatter.format(r);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("reload failed | java.lang.IllegalStateException: outer | at "), line);
        assertTrue(line.contains(" | java.io.IOException: disk | gone | at "), line);
        assertTrue(line.split(" \\| at ", -1).length - 1 <= 2 * OneLineFormatter.FRAMES, line);
    }
}
