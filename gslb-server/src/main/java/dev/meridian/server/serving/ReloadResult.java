package dev.meridian.server.serving;

import java.time.Duration;
import java.time.Instant;

/** What the last reload did: a new snapshot serving, or an error with the previous one still serving. */
public sealed interface ReloadResult {
    /** When the reload finished. */
    Instant at();

    /** What asked for it: {@code start}, {@code SIGHUP}, {@code file-change}, {@code admin}... */
    String trigger();

    /** The configuration serving after it. */
    ConfigVersion serving();

    /** The new snapshot is serving. */
    record Loaded(Instant at, String trigger, ConfigVersion serving, Duration took) implements ReloadResult {
    }

    /** Nothing changed: the files' content is what is already serving. */
    record Unchanged(Instant at, String trigger, ConfigVersion serving) implements ReloadResult {
    }

    /** The new configuration was refused; {@code error} is one line naming file, line and problem. */
    record Failed(Instant at, String trigger, ConfigVersion serving, String error) implements ReloadResult {
    }
}
