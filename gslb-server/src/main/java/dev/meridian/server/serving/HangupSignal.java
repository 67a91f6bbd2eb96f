package dev.meridian.server.serving;

import sun.misc.Signal;

/**
 * SIGHUP reloads, as Knot, NSD and BIND do. The JVM otherwise terminates on SIGHUP; {@code sun.misc.Signal} is the
 * only way to take it over and is supported by every JDK (module {@code jdk.unsupported}).
 */
public final class HangupSignal {
    private static final System.Logger LOG = System.getLogger(HangupSignal.class.getName());

    private HangupSignal() {
    }

    /** From now on SIGHUP asks {@code reloader} for a reload instead of stopping the process. */
    public static void reloadOn(Reloader reloader) {
        try {
            Signal.handle(new Signal("HUP"), signal -> reloader.reload("SIGHUP"));
        } catch (IllegalArgumentException e) {
            // The JVM was started with -Xrs or the platform has no SIGHUP: the other triggers still work.
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled here ({0}); reload by file change instead",
                    e.getMessage());
        }
    }
}
