package dev.meridian.server.serving;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads, as Knot, NSD and BIND do. The JVM otherwise terminates on SIGHUP; {@code sun.misc.Signal} is the
 * only way to take it over and is supported by every JDK (module {@code jdk.unsupported}).
 *
 * <p>It is taken over before the server starts: the server says it serves as soon as its sockets are bound, and a
 * SIGHUP sent on that word must reload, not stop the process. One that comes while the server starts is kept and
 * reloads once it serves, since the files it was about may have been read before they changed.
 */
public final class HangupSignal {
    private static final System.Logger LOG = System.getLogger(HangupSignal.class.getName());

    private Reloader reloader;
    private boolean pending;

    HangupSignal() {
    }

    /** Takes SIGHUP over from now on; {@link #reloadOn} says what it reloads. */
    public static HangupSignal install() {
        HangupSignal hangup = new HangupSignal();
        try {
            SignalHandler previous = Signal.handle(new Signal("HUP"), signal -> hangup.hangup());
            if (previous == SignalHandler.SIG_IGN) {
                // Started with SIGHUP ignored (nohup): the JVM keeps it ignored and never calls the handler.
                LOG.log(System.Logger.Level.WARNING, "SIGHUP is ignored in this process (started under nohup?); "
                        + "reload by editing the files or through the admin API");
            }
        } catch (IllegalArgumentException e) {
            // The JVM was started with -Xrs or the platform has no SIGHUP: the other triggers still work.
            LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled here ({0}); reload by file change instead",
                    e.getMessage());
        }
        return hangup;
    }

    /** SIGHUP asks {@code target} for a reload from now on, and now if one came while the server started. */
    public synchronized void reloadOn(Reloader target) {
        reloader = target;
        if (pending) {
            pending = false;
            target.reload("SIGHUP");
        }
    }

    /** One SIGHUP: a reload, or one kept for when the server serves. */
    synchronized void hangup() {
        if (reloader == null) {
            pending = true;
        } else {
            reloader.reload("SIGHUP");
        }
    }
}
