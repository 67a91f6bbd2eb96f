package dev.meridian.server.anycast;

/** One sample of whether this node can serve. */
public sealed interface Readiness {
    /** Why, in words an operator reads in the status and the log. */
    String reason();

    /** How far it can serve: 2 ready, 1 degraded, 0 unready; the announcement moves between these levels. */
    int level();

    /** Every check passed. */
    record Ready(String reason) implements Readiness {
        @Override
        public int level() {
            return 2;
        }
    }

    /** It serves, but worse than a healthy site: one transport failing, or answers from stale health. */
    record Degraded(String reason) implements Readiness {
        @Override
        public int level() {
            return 1;
        }
    }

    /** It cannot serve: clients routed here would be blackholed. */
    record Unready(String reason) implements Readiness {
        @Override
        public int level() {
            return 0;
        }
    }
}
