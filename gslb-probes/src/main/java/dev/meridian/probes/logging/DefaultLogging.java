package dev.meridian.probes.logging;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Sets up the default log unless the operator configured {@code java.util.logging} themselves. */
public final class DefaultLogging {
    /**
     * Hazelcast logs its banner and its member tables at INFO over many lines; its warnings and errors stay. Cluster
     * changes are logged by Meridian itself, one line each.
     */
    private static final String HAZELCAST = "com.hazelcast";
    /** Held so the level set here is not lost when the logger is garbage collected. */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger(HAZELCAST);

    private DefaultLogging() {
    }

    /** Called first thing by each program's {@code main}. */
    public static void install() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new OneLineFormatter());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        HAZELCAST_LOGGER.setLevel(Level.WARNING);
    }
}
