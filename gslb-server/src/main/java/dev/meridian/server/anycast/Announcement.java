package dev.meridian.server.anycast;

import java.time.Instant;

/**
 * What this node announces, since when and why.
 *
 * @param state announced, degraded (announced, made less preferred) or withdrawn
 * @param reason the reason for the last change, as the status and the log show it
 * @param since when the state last changed
 * @param manual who withdrew the node by hand, or {@code null}: a manual withdraw holds whatever the samples say
 * @param shutdown whether the node is stopping: withdrawn for good
 */
public record Announcement(State state, String reason, Instant since, String manual, boolean shutdown) {
    /** The announcement's states, from worst to best. */
    public enum State {
        WITHDRAWN, DEGRADED, ANNOUNCED;

        static State of(int level) {
            return values()[level];
        }

        /** Whether the prefixes are announced at all (degraded is, with a less preferred path). */
        public boolean announced() {
            return this != WITHDRAWN;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
