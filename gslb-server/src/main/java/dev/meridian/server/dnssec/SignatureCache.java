package dev.meridian.server.dnssec;

import dev.meridian.server.dns.query.NameHash;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/**
 * Signed RRsets by content (owner, type, TTL and data), so an answer asked for again costs a lookup, not a
 * signature. The cache is a fixed array of slots in buckets of {@link #WAYS}; each RRset may live in any slot of the
 * bucket its hash picks: a newcomer takes an empty one, else the one signed longest ago. That bounds its memory by
 * construction and makes it lock-free: a reader sees either the old or the new entry, and two event loops signing
 * the same RRset at once only sign it twice. Four ways, not two: with two choices a cache a fifth full finds both
 * taken for about 4 % of newcomers, and RRsets asked in turn (the names of a busy zone) then keep evicting each other
 * and are signed again and again; with four it is about one in a thousand.
 *
 * <p>An entry older than the refresh age is signed again: by {@link #refresh} off the event loops, or by the next
 * query that needs it if the refresh has not run yet.
 */
public final class SignatureCache {
    /** Slots per bucket. */
    static final int WAYS = 4;

    private final AtomicReferenceArray<Entry> slots;
    private final int mask;
    private final Duration refresh;
    private final LongAdder signed = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder signingNanos = new LongAdder();

    private record Entry(RRset unsigned, ZoneSigner signer, RRset signed, Instant signedAt) {
    }

    /** @param size how many slots (rounded up to a power of two) */
    public SignatureCache(int size, Duration refresh) {
        int slots = Integer.highestOneBit(Math.max(WAYS, size) - 1) << 1;
        this.slots = new AtomicReferenceArray<>(slots);
        this.mask = slots - 1;
        this.refresh = refresh;
    }

    /** {@code rrset} with its signatures by {@code signer}, from the cache or signed now. */
    public RRset signed(RRset rrset, ZoneSigner signer, Instant now) {
        RRset cached = cached(rrset, signer, now);
        return cached != null ? cached : sign(rrset, signer, now);
    }

    /** Signs {@code rrset} now and caches it, whatever the cache holds. */
    public RRset sign(RRset rrset, ZoneSigner signer, Instant now) {
        int bucket = bucket(hash(rrset));
        // The slot already holding this RRset, else an empty one, else the one signed longest ago.
        int slot = -1;
        Instant oldest = null;
        for (int i = bucket; i < bucket + WAYS; i++) {
            Entry entry = slots.get(i);
            if (entry == null || holds(entry, rrset, signer)) {
                slot = i;
                break;
            }
            if (oldest == null || entry.signedAt.isBefore(oldest)) {
                oldest = entry.signedAt;
                slot = i;
            }
        }
        return store(slot, rrset, signer, now).signed;
    }

    /** {@code rrset} with fresh signatures by {@code signer} if the cache has them, else {@code null}. */
    public RRset cached(RRset rrset, ZoneSigner signer, Instant now) {
        int bucket = bucket(hash(rrset));
        Entry entry = null;
        for (int i = bucket; i < bucket + WAYS && entry == null; i++) {
            Entry candidate = slots.get(i);
            if (holds(candidate, rrset, signer)) {
                entry = candidate;
            }
        }
        if (entry == null) {
            return null;
        }
        if (!fresh(entry, now)) {
            return null;
        }
        hits.increment();
        return entry.signed;
    }

    private static boolean holds(Entry entry, RRset rrset, ZoneSigner signer) {
        return entry != null && entry.signer == signer && same(entry.unsigned, rrset);
    }

    /** Signs {@code rrset} ahead of the queries that will need it, unless a fresh signature is already cached. */
    public void warm(RRset rrset, ZoneSigner signer, Instant now) {
        signed(rrset, signer, now);
    }

    /**
     * Signs again every cached RRset whose signatures are older than the refresh age, and drops those signed by a
     * signer no longer {@code serving} (its keys rolled over), which no query will ask for again; run it off the
     * event loops.
     */
    public void refresh(Instant now, Predicate<ZoneSigner> serving) {
        for (int i = 0; i < slots.length(); i++) {
            Entry entry = slots.get(i);
            if (entry != null && !serving.test(entry.signer)) {
                slots.compareAndSet(i, entry, null);
            } else if (entry != null && !fresh(entry, now)) {
                Entry renewed = entry(entry.unsigned, entry.signer, now);
                // A query may have replaced the entry meanwhile; its signature is at least as new.
                slots.compareAndSet(i, entry, renewed);
            }
        }
    }

    private Entry store(int slot, RRset rrset, ZoneSigner signer, Instant now) {
        Entry entry = entry(rrset, signer, now);
        slots.set(slot, entry);
        return entry;
    }

    private Entry entry(RRset rrset, ZoneSigner signer, Instant now) {
        long started = System.nanoTime();
        RRset result = signer.sign(rrset, now);
        signingNanos.add(System.nanoTime() - started);
        signed.increment();
        return new Entry(rrset, signer, result, now);
    }

    /** dnsjava's equality leaves the TTL out, and a signature covers it (as the original TTL). */
    private static boolean same(RRset cached, RRset rrset) {
        return cached.getTTL() == rrset.getTTL() && cached.equals(rrset);
    }

    private boolean fresh(Entry entry, Instant now) {
        return now.isBefore(entry.signedAt.plus(refresh));
    }

    private static int hash(RRset rrset) {
        // dnsjava's Name.hashCode adds its bytes up (3,000 names "nx-N" share 2,380 values): the owner is hashed by
        // NameHash, the rest of the RRset by dnsjava.
        return (NameHash.of(rrset.getName()) * 31 + rrset.hashCode()) * 31 + Long.hashCode(rrset.getTTL());
    }

    /** The first slot of the bucket for {@code hash}. */
    private int bucket(int hash) {
        // MurmurHash3's finalizer: every input bit moves the low bits that pick the bucket.
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h & mask & -WAYS;
    }

    /** The age at which a cached signature is made again. */
    public Duration refreshAge() {
        return refresh;
    }

    /** How many slots the cache has: the most RRsets it holds. */
    public int capacity() {
        return slots.length();
    }

    /** How many cached RRsets there are now. */
    public int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            n += slots.get(i) == null ? 0 : 1;
        }
        return n;
    }

    /**
     * When the first cached signature expires, or {@code null} when nothing is cached: what an alert watches, since a
     * refresh that stopped running shows here days before validators see expired signatures. Reads every slot.
     */
    public Instant earliestExpiry() {
        Instant earliest = null;
        for (int i = 0; i < slots.length(); i++) {
            Entry entry = slots.get(i);
            if (entry == null) {
                continue;
            }
            for (RRSIGRecord sig : entry.signed.sigs()) {
                if (earliest == null || sig.getExpire().isBefore(earliest)) {
                    earliest = sig.getExpire();
                }
            }
        }
        return earliest;
    }

    /** RRsets signed since start (each costs one signature per signing key). */
    public long signedCount() {
        return signed.sum();
    }

    /** Answers served from the cache since start. */
    public long hitCount() {
        return hits.sum();
    }

    /** Time spent signing since start, in nanoseconds. */
    public long signingNanos() {
        return signingNanos.sum();
    }
}
