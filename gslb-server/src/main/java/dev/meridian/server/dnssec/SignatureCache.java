package dev.meridian.server.dnssec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;

/**
 * Signed RRsets by content (owner, type, TTL and data), so an answer asked for again costs a lookup, not a
 * signature. The cache is a fixed array of slots and each RRset may live in one of two, picked by two hashes (as the
 * rate limiter's bucket table does): a newcomer takes an empty one of the two, else the one signed longer ago. That
 * bounds its memory by construction, keeps two RRsets that share a slot from evicting each other on every query, and
 * makes it lock-free: a reader sees either the old or the new entry, and two event loops signing the same RRset at
 * once only sign it twice.
 *
 * <p>An entry older than the refresh age is signed again: by {@link #refresh} off the event loops, or by the next
 * query that needs it if the refresh has not run yet.
 */
public final class SignatureCache {
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
        int slots = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
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
        int hash = hash(rrset);
        int first = first(hash);
        int second = second(hash);
        Entry a = slots.get(first);
        Entry b = slots.get(second);
        // The slot already holding this RRset, else an empty one, else the one signed longer ago.
        int slot = holds(a, rrset, signer) || a == null ? first
                : holds(b, rrset, signer) || b == null ? second
                : a.signedAt.isAfter(b.signedAt) ? second : first;
        return store(slot, rrset, signer, now).signed;
    }

    /** {@code rrset} with fresh signatures by {@code signer} if the cache has them, else {@code null}. */
    public RRset cached(RRset rrset, ZoneSigner signer, Instant now) {
        int hash = hash(rrset);
        Entry entry = slots.get(first(hash));
        if (!holds(entry, rrset, signer)) {
            entry = slots.get(second(hash));
            if (!holds(entry, rrset, signer)) {
                return null;
            }
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
        return rrset.hashCode() * 31 + Long.hashCode(rrset.getTTL());
    }

    private int first(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** An independent second choice: Fibonacci hashing of the same hash, the high bits folded down. */
    private int second(int hash) {
        int mixed = hash * 0x9E3779B9;
        return (mixed ^ (mixed >>> 15)) & mask;
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
