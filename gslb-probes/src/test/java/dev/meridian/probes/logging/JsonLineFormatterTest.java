package dev.meridian.probes.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The JSON log: one object per line, events' fields as fields, throwables bounded. */
class JsonLineFormatterTest {
    private final JsonLineFormatter formatter = new JsonLineFormatter();

    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("dev.meridian.test");
        record.setInstant(Instant.parse("2026-12-03T07:00:00.123456Z"));
        record.setParameters(parameters);
        return record;
    }

    @Test
    void aRecordIsOneJsonObjectOnOneLine() {
        String line = formatter.format(record(Level.INFO, "serving {0} zone(s)\nfrom here", 3));
        assertEquals(1, line.strip().lines().count());
        JsonObject json = new JsonObject(line);
        assertEquals("2026-12-03T07:00:00.123Z", json.getString("time"));
        assertEquals("INFO", json.getString("level"));
        assertEquals("dev.meridian.test", json.getString("logger"));
        assertEquals("serving 3 zone(s)\nfrom here", json.getString("message"));
    }

    @Test
    void anEventsFieldsBecomeFieldsOfTheLine() {
        JsonObject json = new JsonObject(formatter.format(record(Level.INFO, "reload {0}", "ok",
                LogEvent.of("reload", "version", "abc123", "zones", 2, "vantages", List.of("eu/a", "us/b")))));
        assertEquals("reload", json.getString("event"));
        assertEquals("abc123", json.getString("version"));
        assertEquals(2, json.getInteger("zones"));
        assertEquals(List.of("eu/a", "us/b"), json.getJsonArray("vantages").getList());
        assertEquals("reload ok", json.getString("message"));
    }

    @Test
    void aThrowableIsAnErrorAndABoundedStack() {
        LogRecord record = record(Level.SEVERE, "failed");
        record.setThrown(new IllegalStateException("outer", new java.io.IOException("inner")));
        JsonObject json = new JsonObject(formatter.format(record));
        assertEquals("java.lang.IllegalStateException: outer", json.getString("error"));
        assertTrue(json.getJsonArray("stack").stream().anyMatch(f -> f.equals("caused by java.io.IOException: inner")));
        assertTrue(json.getJsonArray("stack").size() <= 2 * (OneLineFormatter.FRAMES + 1));
    }

    @Test
    void theFlagIsReadBeforeTheCommandLineIsParsed() {
        assertEquals(DefaultLogging.Format.JSON, DefaultLogging.Format.of(new String[] {"--log-format", "json"}));
        assertEquals(DefaultLogging.Format.JSON, DefaultLogging.Format.of(new String[] {"--log-format=JSON"}));
        assertEquals(DefaultLogging.Format.TEXT, DefaultLogging.Format.of(new String[] {"--zones", "z"}));
    }
}
