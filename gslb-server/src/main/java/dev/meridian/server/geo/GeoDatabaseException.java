package dev.meridian.server.geo;

import java.nio.file.Path;

/**
 * A geo database, or the CSV it is built from, that cannot be used. The message is one line, {@code FILE: problem}
 * or {@code FILE:LINE: problem}, so an operator sees which file to fix and how.
 */
public final class GeoDatabaseException extends Exception {
    private static final long serialVersionUID = 1L;

    public GeoDatabaseException(Path file, String problem) {
        super(file + ": " + oneLine(problem));
    }

    public GeoDatabaseException(Path file, String problem, Throwable cause) {
        super(file + ": " + oneLine(problem), cause);
    }

    public GeoDatabaseException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + oneLine(problem));
    }

    private static String oneLine(String problem) {
        return problem.replace('\n', ' ').strip();
    }
}
