package dev.meridian.probes.logging;

import java.util.logging.LogManager;

/**
 * The log manager both programs run with: {@code java.util.logging}'s own shutdown hook resets every handler, and
 * runs beside the other hooks, so what a stopping node logs — its anycast withdraw, its drain, a close that did not
 * complete — was lost. This one ignores the reset once the JVM is shutting down (the console handler flushes each
 * record, so nothing is left buffered); a reset before that, as {@code readConfiguration} does, still happens.
 */
public final class LogsThroughShutdown extends LogManager {
    @Override
    public void reset() {
        if (!shuttingDown()) {
            super.reset();
        }
    }

    /** Whether the JVM is running its shutdown hooks: it then refuses new ones. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
