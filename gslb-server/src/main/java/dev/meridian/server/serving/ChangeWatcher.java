package dev.meridian.server.serving;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reloads when a source file changed on disk: every poll compares the files' fingerprint (names, sizes, modification
 * times) with the one the serving snapshot was read at, and reloads once the new fingerprint held still for a whole
 * poll, so an editor's several writes make one reload. A reload that failed is not retried until the files change
 * again; one that found the same content (a {@code touch}) changes nothing.
 */
public final class ChangeWatcher {
    private static final System.Logger LOG = System.getLogger(ChangeWatcher.class.getName());
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private final Reloader reloader;
    private final ConfigSource source;
    // Touched only on the reloader's thread.
    private List<String> previous;
    private List<String> tried;

    private ChangeWatcher(Reloader reloader, ConfigSource source) {
        this.reloader = reloader;
        this.source = source;
    }

    /** Starts polling on the reloader's thread. */
    public static void start(Reloader reloader, ConfigSource source, Duration interval) {
        ChangeWatcher watcher = new ChangeWatcher(Objects.requireNonNull(reloader, "reloader"),
                Objects.requireNonNull(source, "source"));
        reloader.every(interval, watcher::poll);
        LOG.log(System.Logger.Level.INFO, "watching zone, policy, geo and configuration files every {0}",
                Durations.text(interval));
    }

    private void poll() {
        ServingSnapshot serving = reloader.current();
        List<String> now;
        try {
            now = SourceFiles.scan(serving.config(), source.file()).withIncludes(serving.sources().includes())
                    .fingerprint();
        } catch (ConfigException e) {
            return; // the zones directory cannot be listed now: the reload that follows a fix will say why
        }
        boolean settled = now.equals(previous);
        previous = now;
        if (!settled || now.equals(serving.fingerprint()) || now.equals(tried)) {
            return;
        }
        tried = now;
        reloader.reloadNow("file-change");
    }
}
