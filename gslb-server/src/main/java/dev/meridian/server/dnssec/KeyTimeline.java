package dev.meridian.server.dnssec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.xbill.DNS.Name;

/**
 * One zone's signers over time: a new signer from each instant at which a key's timing changes what is published or
 * what signs (a ZSK pre-published, then signing, then removed). Every signer is made once, at load, so each query in
 * an interval gets the same signer object and the signature cache keeps hitting; and a gap in the timing (a moment
 * with no active key-signing key) is found at load, not when it comes.
 */
public final class KeyTimeline {
    private final Instant[] from;
    private final ZoneSigner[] signers;
    private final List<ZoneKey> keys;

    private KeyTimeline(Instant[] from, ZoneSigner[] signers, List<ZoneKey> keys) {
        this.from = from;
        this.signers = signers;
        this.keys = List.copyOf(keys);
    }

    /** One signer for all time. */
    public static KeyTimeline fixed(ZoneSigner signer) {
        return new KeyTimeline(new Instant[] {Instant.MIN}, new ZoneSigner[] {Objects.requireNonNull(signer)},
                signer.keys());
    }

    /**
     * The signers of {@code origin}'s keys from {@code now} on.
     *
     * @throws IllegalArgumentException naming the time, when at some time from {@code now} on the keys cannot sign
     */
    public static KeyTimeline of(Name origin, List<ZoneKey> keys, Instant now, Duration validity,
            Duration inceptionOffset, boolean publishCds) {
        TreeSet<Instant> changes = new TreeSet<>();
        keys.forEach(k -> k.timing().changes().filter(now::isBefore).forEach(changes::add));
        List<Instant> starts = new ArrayList<>();
        List<ZoneSigner> made = new ArrayList<>();
        starts.add(Instant.MIN);
        for (Instant at : prepend(now, changes)) {
            try {
                made.add(ZoneSigner.at(at, origin, keys, validity, inceptionOffset, publishCds));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("at " + KeyTiming.text(at) + ": " + e.getMessage());
            }
            if (made.size() > 1) {
                starts.add(at);
            }
        }
        return new KeyTimeline(starts.toArray(Instant[]::new), made.toArray(ZoneSigner[]::new), keys);
    }

    private static List<Instant> prepend(Instant first, TreeSet<Instant> rest) {
        List<Instant> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * Every key of the zone, in the order read, whatever its timing: retired and future keys too, which the admin
     * status and the key metrics show.
     */
    public List<ZoneKey> keys() {
        return keys;
    }

    /** The times from which another signer is in effect, in order. */
    public List<Instant> changes() {
        return List.of(from).subList(1, from.length);
    }

    /**
     * The signer in effect at {@code now}; before the time the timeline was made, its first. A few comparisons:
     * called on every signed query.
     */
    public ZoneSigner at(Instant now) {
        for (int i = from.length - 1; i > 0; i--) {
            if (!now.isBefore(from[i])) {
                return signers[i];
            }
        }
        return signers[0];
    }
}
