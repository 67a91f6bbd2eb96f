package dev.meridian.probes.logging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code time} (RFC 3339), {@code level}, {@code logger}, {@code message}, the fields of a
 * {@link LogEvent} parameter with {@code event} naming it, and {@code error} with {@code stack} (causes and at most
 * {@value OneLineFormatter#FRAMES} frames each) for a throwable. Everything routed into {@code java.util.logging}
 * (our own loggers, Hazelcast, Vert.x, dnsjava through SLF4J) comes out this way.
 */
public final class JsonLineFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
        JsonObject line = new JsonObject()
                .put("time", Instant.ofEpochMilli(record.getMillis()).truncatedTo(ChronoUnit.MILLIS).toString())
                .put("level", record.getLevel().getName())
                .put("logger", record.getLoggerName())
                .put("message", formatMessage(record));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                if (parameter instanceof LogEvent event) {
                    line.put("event", event.name());
                    event.fields().forEach((k, v) -> line.put(k, json(v)));
                }
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            line.put("error", String.valueOf(thrown));
            JsonArray stack = new JsonArray();
            for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t != thrown) {
                    stack.add("caused by " + t);
                }
                StackTraceElement[] frames = t.getStackTrace();
                for (int i = 0; i < Math.min(OneLineFormatter.FRAMES, frames.length); i++) {
                    stack.add("at " + frames[i]);
                }
            }
            line.put("stack", stack);
        }
        return line.encode() + System.lineSeparator();
    }

    /** Numbers, booleans and strings as themselves, lists as arrays, anything else as its text. */
    private static Object json(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Collection<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.put(String.valueOf(k), json(v)));
            return object;
        }
        return String.valueOf(value);
    }
}
