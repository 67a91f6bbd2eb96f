package dev.meridian.server.dnssec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * When a key is in the DNSKEY RRset and when it signs, as BIND's key timing metadata says it: published from
 * {@code publish} until {@code delete}, signing from {@code activate} until {@code inactive}. A key file without
 * timing is published and signing for ever. Each node reads the same times, so every node rolls a key over at the
 * same moment without talking to the others.
 *
 * @param publish when the key enters the DNSKEY RRset; {@link Instant#MIN} for always
 * @param activate when it starts signing; {@link Instant#MIN} for always
 * @param inactive when it stops signing; {@link Instant#MAX} for never
 * @param delete when it leaves the DNSKEY RRset; {@link Instant#MAX} for never
 */
public record KeyTiming(Instant publish, Instant activate, Instant inactive, Instant delete) {
    /** A key published and signing for ever: what a key file without timing means. */
    public static final KeyTiming ALWAYS = new KeyTiming(Instant.MIN, Instant.MIN, Instant.MAX, Instant.MAX);

    /** BIND's timestamp format in key files, UTC. */
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    public KeyTiming {
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(activate, "activate");
        Objects.requireNonNull(inactive, "inactive");
        Objects.requireNonNull(delete, "delete");
        if (activate.isBefore(publish)) {
            throw new IllegalArgumentException("Activate (" + text(activate) + ") is before Publish (" + text(publish)
                    + "): a key signs only once it is in the DNSKEY RRset");
        }
        if (inactive.isBefore(activate)) {
            throw new IllegalArgumentException("Inactive (" + text(inactive) + ") is before Activate ("
                    + text(activate) + ")");
        }
        if (delete.isBefore(inactive)) {
            throw new IllegalArgumentException("Delete (" + text(delete) + ") is before Inactive (" + text(inactive)
                    + "): a key leaves the DNSKEY RRset only after it stopped signing");
        }
    }

    /** Whether the key is in the DNSKEY RRset at {@code now}. */
    public boolean publishedAt(Instant now) {
        return !now.isBefore(publish) && now.isBefore(delete);
    }

    /** Whether the key signs at {@code now}. */
    public boolean activeAt(Instant now) {
        return !now.isBefore(activate) && now.isBefore(inactive);
    }

    /** Whether the key has stopped signing for good at {@code now} (it may still be published). */
    public boolean retiredAt(Instant now) {
        return !now.isBefore(inactive);
    }

    /** Where the key is in its life at {@code now}. */
    public KeyState stateAt(Instant now) {
        if (!now.isBefore(delete)) {
            return KeyState.DELETED;
        }
        if (now.isBefore(publish)) {
            return KeyState.CREATED;
        }
        if (retiredAt(now)) {
            return KeyState.INACTIVE;
        }
        return activeAt(now) ? KeyState.ACTIVE : KeyState.PUBLISHED;
    }

    /** The first time after {@code now} at which the key's state changes, or {@code null} when it never does. */
    public Instant nextChangeAfter(Instant now) {
        return changes().filter(now::isBefore).min(Instant::compareTo).orElse(null);
    }

    /** The same timing with {@code inactive} and {@code delete} set: how a key is retired. */
    public KeyTiming retire(Instant inactiveAt, Instant deleteAt) {
        return new KeyTiming(publish, activate, inactiveAt, deleteAt);
    }

    /** The times at which this key's state changes, {@link Instant#MIN} and {@link Instant#MAX} left out. */
    Stream<Instant> changes() {
        return Stream.of(publish, activate, inactive, delete).filter(t -> t != Instant.MIN && t != Instant.MAX);
    }

    /** The metadata lines of a {@code .key} file, as BIND writes them; none for a time that is always or never. */
    String comments() {
        StringBuilder text = new StringBuilder();
        line(text, "Publish", publish);
        line(text, "Activate", activate);
        line(text, "Inactive", inactive);
        line(text, "Delete", delete);
        return text.toString();
    }

    private static void line(StringBuilder text, String field, Instant at) {
        if (at != Instant.MIN && at != Instant.MAX) {
            text.append("; ").append(field).append(": ").append(text(at)).append('\n');
        }
    }

    /** {@code at} as a key file writes it. */
    static String text(Instant at) {
        return at == Instant.MIN ? "always" : at == Instant.MAX ? "never" : STAMP.format(at);
    }

    /** A timestamp of a key file ({@code YYYYMMDDHHMMSS}, UTC). */
    static Instant parse(String stamp) {
        try {
            return STAMP.parse(stamp, Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time as YYYYMMDDHHMMSS (UTC): " + stamp);
        }
    }
}
