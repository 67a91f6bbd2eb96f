package dev.meridian.probes.logging;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Sets up the default log unless the operator configured {@code java.util.logging} themselves. */
public final class DefaultLogging {
    static {
        // Before anything below makes the JVM's log manager: a stopping node's last lines must reach the log.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", LogsThroughShutdown.class.getName());
        }
    }

    /**
     * Hazelcast logs its banner and its member tables at INFO over many lines; its warnings and errors stay. Cluster
     * changes are logged by Meridian itself, one line each.
     */
    private static final String HAZELCAST = "com.hazelcast";
    /** Held so the level set here is not lost when the logger is garbage collected. */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger(HAZELCAST);

    private DefaultLogging() {
    }

    /** The log's two shapes: one text line per record, or one JSON object per line. */
    public enum Format {
        TEXT, JSON;

        /**
         * The format {@code --log-format} asks for in {@code args} ({@code --log-format json} or
         * {@code --log-format=json}), read before the command line is parsed so the very first lines use it; text
         * when absent or unknown (the parser then reports an unknown value).
         */
        public static Format of(String[] args) {
            for (int i = 0; i < args.length; i++) {
                String value = args[i].startsWith(FLAG + "=") ? args[i].substring(FLAG.length() + 1)
                        : args[i].equals(FLAG) && i + 1 < args.length ? args[i + 1] : null;
                if (value != null) {
                    return value.equalsIgnoreCase("json") ? JSON : TEXT;
                }
            }
            return TEXT;
        }
    }

    /** The flag both programs take. */
    public static final String FLAG = "--log-format";

    /** Called first thing by each program's {@code main}, with the text format. */
    public static void install() {
        install(Format.TEXT);
    }

    /** Called first thing by each program's {@code main}. */
    public static void install(Format format) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(format == Format.JSON ? new JsonLineFormatter() : new OneLineFormatter());
        console.setLevel(Level.ALL);
        root.addHandler(console);
        HAZELCAST_LOGGER.setLevel(Level.WARNING);
    }
}
