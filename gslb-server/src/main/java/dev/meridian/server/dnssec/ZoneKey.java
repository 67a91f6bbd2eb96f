package dev.meridian.server.dnssec;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Objects;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;

/**
 * One key of a zone: its public half as the DNSKEY record served at the apex, its private half, and when it is
 * published and signs.
 *
 * @param dnskey the DNSKEY record (owner is the zone, flags 257 for a key-signing or combined key, 256 for a
 *        zone-signing key)
 */
public record ZoneKey(DNSKEYRecord dnskey, PrivateKey privateKey, KeyTiming timing) {
    public ZoneKey {
        Objects.requireNonNull(dnskey, "dnskey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(timing, "timing");
    }

    /** A key published and signing for ever. */
    public ZoneKey(DNSKEYRecord dnskey, PrivateKey privateKey) {
        this(dnskey, privateKey, KeyTiming.ALWAYS);
    }

    /** This key with {@code timing}. */
    public ZoneKey withTiming(KeyTiming timing) {
        return new ZoneKey(dnskey, privateKey, timing);
    }

    /**
     * A new key for {@code zone}.
     *
     * @param entryPoint whether it is a key-signing or combined key (flags 257) rather than a zone-signing key (256)
     * @param ttl the TTL of the DNSKEY RRset
     */
    public static ZoneKey generate(Name zone, KeyAlgorithm algorithm, boolean entryPoint, long ttl) {
        KeyPair pair = algorithm.generate();
        int flags = DNSKEYRecord.Flags.ZONE_KEY | (entryPoint ? DNSKEYRecord.Flags.SEP_KEY : 0);
        try {
            return new ZoneKey(new DNSKEYRecord(zone, DClass.IN, ttl, flags, DNSKEYRecord.Protocol.DNSSEC,
                    algorithm.number(), pair.getPublic()), pair.getPrivate());
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException("dnsjava cannot encode a " + algorithm + " key", e);
        }
    }

    /** Whether the key has the Secure Entry Point flag: the parent's DS points at it and it signs the DNSKEY RRset. */
    public boolean entryPoint() {
        return (dnskey.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0;
    }

    /** The key tag that RRSIG and DS records name the key by. */
    public int tag() {
        return dnskey.getFootprint();
    }
}
