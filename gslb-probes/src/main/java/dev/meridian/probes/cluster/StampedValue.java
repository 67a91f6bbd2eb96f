package dev.meridian.probes.cluster;

import java.time.Instant;

/**
 * A shared string as the cluster stores it: the time its writer gave, in epoch milliseconds, a space, then the value.
 * A value stored before values carried times reads as changed at the epoch, so any stamped change wins over it.
 */
record StampedValue(long changedAtMillis, String value) {
    static String of(Instant changedAt, String value) {
        return changedAt.toEpochMilli() + " " + value;
    }

    static StampedValue parse(String stored) {
        int space = stored.indexOf(' ');
        if (space > 0) {
            try {
                return new StampedValue(Long.parseLong(stored.substring(0, space)), stored.substring(space + 1));
            } catch (NumberFormatException e) {
                // not stamped: below
            }
        }
        return new StampedValue(0, stored);
    }
}
