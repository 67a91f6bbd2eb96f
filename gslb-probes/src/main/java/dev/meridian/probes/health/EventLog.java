package dev.meridian.probes.health;

import java.util.List;

/**
 * A bounded log of health changes for operators ("what failed over, when, who saw it"). The oldest entries fall off
 * when it is full. Implementations: {@link InMemoryEventLog} and a Hazelcast ringbuffer shared by the cluster.
 */
public interface EventLog {
    /** A log that forgets everything. */
    EventLog NONE = new EventLog() {
        @Override
        public void append(FailoverEvent event) {
        }

        @Override
        public List<FailoverEvent> newestFirst(int limit) {
            return List.of();
        }
    };

    /** Records an event; never blocks on the network and never throws because the log is unavailable. */
    void append(FailoverEvent event);

    /** Up to {@code limit} most recent events, newest first. May block briefly; not for the query path. */
    List<FailoverEvent> newestFirst(int limit);
}
