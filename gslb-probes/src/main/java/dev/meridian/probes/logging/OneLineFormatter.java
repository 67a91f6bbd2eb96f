package dev.meridian.probes.logging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code 2026-12-02T18:50:34.123Z WARNING dev.meridian.probes.cluster.ClusterLink: message | cause | at frame ...}:
 * one line per record, so log shippers and {@code grep} never split an event. Line breaks inside a message become
 * {@code " | "}; a throwable follows with its causes and at most {@value #FRAMES} frames each.
 */
public final class OneLineFormatter extends Formatter {
    /** Frames of each throwable kept: enough to place it, few enough to keep the line readable. */
    static final int FRAMES = 8;
    private static final String SEPARATOR = " | ";

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(Instant.ofEpochMilli(record.getMillis()).truncatedTo(ChronoUnit.MILLIS)).append(' ')
                .append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName()).append(": ")
                .append(flatten(formatMessage(record)));
        for (Throwable t = record.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            line.append(SEPARATOR).append(flatten(String.valueOf(t)));
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                line.append(SEPARATOR).append("at ").append(frames[i]);
            }
            if (frames.length > FRAMES) {
                line.append(SEPARATOR).append("... ").append(frames.length - FRAMES).append(" more");
            }
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static String flatten(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", SEPARATOR);
    }
}
