package dev.meridian.probes.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every java.util.logging record of this JVM while attached, to assert that a run stayed quiet. */
public final class LogCapture extends Handler {
    /** Held strongly so the handler stays attached: java.util.logging keeps loggers weakly. */
    private static final Logger ROOT = Logger.getLogger("");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** Starts capturing. */
    public static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        ROOT.addHandler(capture);
        return capture;
    }

    /** Records at SEVERE or carrying a stack trace, described one per line; empty for a quiet run. */
    public List<String> severeOrWithStackTrace() {
        return severeOrWithStackTrace(r -> false);
    }

    /** The same, leaving out the records {@code injected} says come from the fault the test injects. */
    public List<String> severeOrWithStackTrace(Predicate<LogRecord> injected) {
        return records.stream().filter(r -> r.getThrown() != null || r.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(r -> !injected.test(r)).map(LogCapture::describe).toList();
    }

    /**
     * The same, leaving out everything Hazelcast logs itself. Under the churn a cluster test causes on purpose, and on a
     * loaded machine while members form, Hazelcast reports its own recoveries at WARNING or SEVERE with a stack trace (a
     * partition migration retried after a stamp mismatch, a client connection closed before it authenticated); the
     * tests assert what those recoveries lead to (members, agreed health, a client still running) directly, and what
     * they must catch here is Meridian's code, or Vert.x reporting an exception Meridian's code left unhandled.
     */
    public List<String> severeOrWithStackTraceOutsideHazelcast() {
        return severeOrWithStackTrace(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("com.hazelcast"));
    }

    /** Every record of this logger, described. */
    public List<String> of(String loggerName) {
        return records.stream().filter(r -> loggerName.equals(r.getLoggerName())).map(LogCapture::describe).toList();
    }

    /**
     * Every record, each described with the values it carries beside its message (structured fields a JSON log
     * writes) and its exception, to search for what must never reach a log.
     */
    public List<String> everything() {
        return records.stream().map(r -> describe(r) + (r.getParameters() == null ? ""
                : " " + java.util.Arrays.toString(r.getParameters()))
                + (r.getThrown() == null ? "" : " " + r.getThrown().getMessage())).toList();
    }

    public static String describe(LogRecord record) {
        String message = record.getParameters() == null ? record.getMessage()
                : MessageFormat.format(record.getMessage(), record.getParameters());
        return record.getLevel() + " " + record.getLoggerName() + ": " + message
                + (record.getThrown() == null ? "" : " " + record.getThrown());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ROOT.removeHandler(this);
    }
}
