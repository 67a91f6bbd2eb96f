package dev.meridian.server.dnssec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.CDNSKEYRecord;
import org.xbill.DNS.CDSRecord;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Signs the RRsets of one zone with its active keys: the DNSKEY, CDS and CDNSKEY RRsets with the key-signing (entry
 * point) keys, everything else with the zone-signing keys, or with the entry point keys when the zone has a combined
 * key only. Which keys are published and active is fixed for the signer's life: a key rollover is a new signer
 * ({@link KeyTimeline}).
 */
public final class ZoneSigner {
    private final List<ZoneKey> keys;
    private final List<ZoneKey> keySigning;
    private final List<ZoneKey> zoneSigning;
    private final RRset dnskeys;
    /** DNSKEY, and CDS and CDNSKEY when published: the RRsets the signer adds at the apex. */
    private final List<RRset> apex;
    private final Duration validity;
    private final Duration inceptionOffset;

    /**
     * A signer with every one of {@code keys} published and signing, whatever their timing says.
     *
     * @param keys the zone's keys, at least one of them an entry point (flags 257)
     * @throws IllegalArgumentException when no key is an entry point or a key belongs to another zone
     */
    public ZoneSigner(Name origin, List<ZoneKey> keys, Duration validity, Duration inceptionOffset) {
        this(origin, keys, validity, inceptionOffset, false);
    }

    /**
     * @param publishCds whether to publish CDS and CDNSKEY records of the entry point keys (RFC 7344, 8078), which
     *        a parent that scans for them turns into its DS RRset
     */
    public ZoneSigner(Name origin, List<ZoneKey> keys, Duration validity, Duration inceptionOffset,
            boolean publishCds) {
        this(origin, keys, keys, keys.stream().filter(ZoneKey::entryPoint).toList(), validity, inceptionOffset,
                publishCds);
    }

    /**
     * The signer in effect at {@code at}, as the keys' timing says: the keys published then make the DNSKEY RRset,
     * the keys active then sign, and the CDS and CDNSKEY (when published) name the entry point keys published and
     * not yet retired, so a parent that follows them keeps a DS for the key that signs the DNSKEY RRset.
     *
     * @throws IllegalArgumentException when no entry point key is active at {@code at}
     */
    public static ZoneSigner at(Instant at, Name origin, List<ZoneKey> keys, Duration validity,
            Duration inceptionOffset, boolean publishCds) {
        List<ZoneKey> published = keys.stream().filter(k -> k.timing().publishedAt(at)).toList();
        List<ZoneKey> active = keys.stream().filter(k -> k.timing().activeAt(at)).toList();
        List<ZoneKey> parentKeys = published.stream().filter(k -> k.entryPoint() && !k.timing().retiredAt(at))
                .toList();
        return new ZoneSigner(origin, published, active, parentKeys, validity, inceptionOffset, publishCds);
    }

    private ZoneSigner(Name origin, List<ZoneKey> published, List<ZoneKey> active, List<ZoneKey> parentKeys,
            Duration validity, Duration inceptionOffset, boolean publishCds) {
        Objects.requireNonNull(origin, "origin");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.inceptionOffset = Objects.requireNonNull(inceptionOffset, "inceptionOffset");
        this.keys = List.copyOf(published);
        this.keySigning = active.stream().filter(ZoneKey::entryPoint).toList();
        List<ZoneKey> zsks = active.stream().filter(k -> !k.entryPoint()).toList();
        this.zoneSigning = zsks.isEmpty() ? keySigning : zsks;
        if (keySigning.isEmpty()) {
            throw new IllegalArgumentException("zone " + origin + " has no active key-signing or combined key "
                    + "(flags 257)");
        }
        RRset set = new RRset();
        for (ZoneKey key : published) {
            if (!key.dnskey().getName().equals(origin)) {
                throw new IllegalArgumentException("key " + key.tag() + " belongs to " + key.dnskey().getName());
            }
            set.addRR(key.dnskey());
        }
        this.dnskeys = set;
        if (!publishCds) {
            this.apex = List.of(dnskeys);
            return;
        }
        RRset cds = new RRset();
        RRset cdnskey = new RRset();
        for (ZoneKey key : parentKeys) {
            DNSKEYRecord k = key.dnskey();
            cds.addRR(new CDSRecord(origin, k.getDClass(), k.getTTL(), DNSSEC.Digest.SHA256, k));
            cdnskey.addRR(new CDNSKEYRecord(origin, k.getDClass(), k.getTTL(), k.getFlags(), k.getProtocol(),
                    k.getAlgorithm(), k.getKey()));
        }
        this.apex = List.of(dnskeys, cds, cdnskey);
    }

    /** The DNSKEY RRset served at the apex, unsigned. */
    public RRset dnskeys() {
        return dnskeys;
    }

    /** The RRsets this signer serves at the apex (DNSKEY, and CDS and CDNSKEY when published), unsigned. */
    public List<RRset> apexRRsets() {
        return apex;
    }

    /** The apex RRset of type {@code type} this signer serves, or {@code null}. */
    public RRset apexRRset(int type) {
        for (RRset set : apex) {
            if (set.getType() == type) {
                return set;
            }
        }
        return null;
    }

    /** Whether {@code key} makes signatures (it may be published only, before or after it signs). */
    public boolean signs(ZoneKey key) {
        return keySigning.contains(key) || zoneSigning.contains(key);
    }

    /** The keys published, as the DNSKEY RRset lists them. */
    public List<ZoneKey> keys() {
        return keys;
    }

    /** The key sets are signed by the keys the parent's DS names (RFC 7344 section 4.1 for CDS and CDNSKEY). */
    private static boolean signedByEntryPoints(int type) {
        return type == Type.DNSKEY || type == Type.CDS || type == Type.CDNSKEY;
    }

    /** A copy of {@code rrset} with one RRSIG per signing key, valid from {@code now} less the offset. */
    public RRset sign(RRset rrset, Instant now) {
        RRset signed = new RRset();
        for (Record r : rrset.rrs(false)) {
            signed.addRR(r);
        }
        Instant inception = now.minus(inceptionOffset);
        Instant expiration = now.plus(validity);
        for (ZoneKey key : signedByEntryPoints(rrset.getType()) ? keySigning : zoneSigning) {
            try {
                signed.addRR(DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), inception, expiration));
            } catch (DNSSEC.DNSSECException e) {
                throw new IllegalStateException("cannot sign " + rrset.getName() + " "
                        + Type.string(rrset.getType()) + " with key " + key.tag(), e);
            }
        }
        return signed;
    }
}
