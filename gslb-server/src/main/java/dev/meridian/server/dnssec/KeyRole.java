package dev.meridian.server.dnssec;

import java.util.List;

/**
 * What a key is to its zone, as operators name it: a key-signing key (entry point, beside zone-signing keys), a
 * zone-signing key, or a combined signing key (an entry point in a zone with no zone-signing key, signing everything).
 */
public enum KeyRole {
    KSK, ZSK, CSK;

    /** The role of {@code key} among {@code zoneKeys}, all the keys of its zone. */
    public static KeyRole of(ZoneKey key, List<ZoneKey> zoneKeys) {
        if (!key.entryPoint()) {
            return ZSK;
        }
        return zoneKeys.stream().anyMatch(k -> !k.entryPoint()) ? KSK : CSK;
    }
}
