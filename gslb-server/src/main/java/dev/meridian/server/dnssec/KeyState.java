package dev.meridian.server.dnssec;

import java.util.Locale;

/**
 * Where a key is in its life at a given time, as its {@link KeyTiming} says (BIND's key states): not yet published,
 * published but not signing (pre-published, or a standby key), signing, retired from signing but still published,
 * and removed from the DNSKEY RRset.
 */
public enum KeyState {
    CREATED, PUBLISHED, ACTIVE, INACTIVE, DELETED;

    /** The lower-case name the admin API shows. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
