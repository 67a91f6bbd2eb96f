package dev.meridian.server.geo;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Metadata;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a MaxMind DB file once, when it is loaded, so a file that would silently change routing is refused instead:
 * its format version, its type (an ASN database maps networks to operators, not places), and every network's record,
 * each decoded and its fields checked (country and continent codes, coordinates in range). A file whose tree or data
 * points past its end, or whose records cannot be decoded, fails here rather than on some query.
 */
final class GeoDatabaseCheck {
    private static final Pattern CLASS_PREFIX =
            Pattern.compile("^([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*: ");
    private static final Pattern OBJECT_NAME =
            Pattern.compile("([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(@[0-9a-f]+)?");
    private GeoDatabaseCheck() {
    }

    /**
     * What a checked database holds, for the log.
     *
     * @param networks the networks walked, each with its record
     */
    record Summary(String type, Instant built, long networks) {
        @Override
        public String toString() {
            return "type " + type + ", built " + built + ", " + networks + " networks";
        }
    }

    /**
     * Walks the whole database.
     *
     * @throws IOException saying in words what is wrong
     */
    static Summary run(Reader reader) throws IOException {
        Metadata metadata = reader.getMetadata();
        if (metadata.binaryFormatMajorVersion() != 2) {
            throw new IOException("binary format version " + metadata.binaryFormatMajorVersion()
                    + " is not supported (expected 2)");
        }
        String type = metadata.databaseType();
        if (type.toUpperCase(Locale.ROOT).contains("ASN")) {
            throw new IOException("an ASN database (type " + type + ") maps networks to operators, not places; "
                    + "give a City or Country database");
        }
        long networks = 0;
        boolean placed = false;
        String last = null;
        try {
            // Aliases (IPv4 inside an IPv6 tree) lead to records already walked.
            Networks<GeoRecord> all = reader.networks(false, GeoRecord.class);
            while (all.hasNext()) {
                DatabaseRecord<GeoRecord> record = all.next();
                networks++;
                last = record.network().toString();
                GeoRecord data = record.data();
                if (data == null) {
                    continue;
                }
                if (data.problem() != null) {
                    throw new IOException("the record of " + last + " is wrong: " + data.problem());
                }
                placed |= data.isPlaced();
            }
        } catch (IOException e) {
            throw e;
        } catch (com.maxmind.db.InvalidNetworkException | RuntimeException e) {
            throw new IOException((last == null ? "the first record" : "a record after " + last)
                    + " cannot be read: " + inWords(e), e);
        }
        if (!placed) {
            throw new IOException("no record holds a country or coordinates (type " + type + "): not a City or "
                    + "Country database");
        }
        return new Summary(type, metadata.buildTime(), networks);
    }

    /**
     * The reader's own words, except where it reports a pointer past the end of the file as a buffer error
     * ({@code newLimit > capacity}, {@code newPosition > limit}): that means a truncated or overwritten file.
     */
    static String inWords(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof IndexOutOfBoundsException || t instanceof BufferUnderflowException
                    || message.contains("newLimit") || message.contains("newPosition")) {
                return "the file is truncated or overwritten: it points past its own end";
            }
        }
        // Wrappers (the iterator's own exception) start with their cause's class name; that is no word for anyone.
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : CLASS_PREFIX.matcher(t.getMessage()).replaceFirst("");
            if (!message.isBlank() && !OBJECT_NAME.matcher(message).matches()) {
                return message;
            }
        }
        return "the file cannot be decoded";
    }
}
