package dev.meridian.probes.config;

import java.nio.file.Path;

/**
 * A configuration or zone file that cannot be served. The message is one line that names the file, the line when it
 * is known, and the problem, so {@code check-config} and start-up print the same thing an operator can act on.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Line is unknown or not meaningful for the problem. */
    public static final int NO_LINE = 0;

    public ConfigException(Path file, int line, String problem) {
        super(format(file, line, problem));
    }

    public ConfigException(Path file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
    }

    private static String format(Path file, int line, String problem) {
        String where = file == null ? "" : line > NO_LINE ? file + ":" + line + ": " : file + ": ";
        return where + problem.replace('\n', ' ').strip();
    }
}
