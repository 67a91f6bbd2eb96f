package dev.meridian.probes.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event with stable field names, passed as a log call's parameter: the JSON log writes its fields as fields of
 * the line ({@code "event": "reload", "version": ..., "result": ...}), the text log as {@code key=value} pairs where
 * the message places it. Shippers can then select events without parsing messages.
 *
 * @param name what happened: {@code failover}, {@code reload}, {@code admin-change}...
 * @param fields its facts, in order
 */
public record LogEvent(String name, Map<String, Object> fields) {
    public LogEvent {
        Objects.requireNonNull(name, "name");
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An event from alternating names and values: {@code of("reload", "version", v, "result", r)}. */
    public static LogEvent of(String name, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected names and values in pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return new LogEvent(name, fields);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return text.toString();
    }
}
