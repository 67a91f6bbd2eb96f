package dev.meridian.server.geo;

import static java.util.Objects.requireNonNull;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import com.maxmind.db.Reader.FileMode;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates addresses in a MaxMind DB file (GeoIP2, GeoLite2, DB-IP or a database built by {@code geo-build}), memory
 * mapped so lookups do no I/O of their own. Decoded records are cached, so a lookup of a network seen before
 * allocates only the result. Safe to use from any thread.
 */
public final class MaxMindGeoLocator implements GeoLocator, Closeable {
    /**
     * Decoded records kept. The cache never evicts, it stops filling; this covers the resolvers an authoritative
     * server hears from and stays within tens of megabytes for the largest records.
     */
    private static final int CACHED_RECORDS = 65_536;
    private static final System.Logger LOG = System.getLogger(MaxMindGeoLocator.class.getName());

    private final Reader reader;
    private final boolean ipv4Only;
    private final CountryContinents continents;

    private MaxMindGeoLocator(Reader reader, CountryContinents continents) {
        this.reader = reader;
        this.ipv4Only = reader.getMetadata().ipVersion() == 4;
        this.continents = continents;
    }

    /** Opens a database; fails naming the file if it is missing, unreadable or not a usable MaxMind DB file. */
    public static MaxMindGeoLocator open(Path file) throws GeoDatabaseException {
        requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new GeoDatabaseException(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new GeoDatabaseException(file, "not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new GeoDatabaseException(file, "not readable");
        }
        Reader reader;
        try {
            reader = new Reader(file.toFile(), FileMode.MEMORY_MAPPED, new CHMCache(CACHED_RECORDS));
        } catch (IOException | RuntimeException e) {
            throw new GeoDatabaseException(file, "not a MaxMind DB file: " + GeoDatabaseCheck.inWords(e), e);
        }
        GeoDatabaseCheck.Summary summary;
        try {
            summary = GeoDatabaseCheck.run(reader);
        } catch (IOException e) {
            closeQuietly(reader);
            throw new GeoDatabaseException(file, "corrupt or unsupported MaxMind DB file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw new GeoDatabaseException(file, "corrupt or unsupported MaxMind DB file: "
                    + GeoDatabaseCheck.inWords(e), e);
        }
        LOG.log(System.Logger.Level.INFO, "geo database {0}: {1}", file, summary);
        // Read the country table now rather than on the first query.
        return new MaxMindGeoLocator(reader, CountryContinents.standard());
    }

    /** The database's address family: 4 (IPv4 only) or 6 (IPv6, often with IPv4 inside). */
    public int ipVersion() {
        return ipv4Only ? 4 : 6;
    }

    /**
     * The location of the network holding {@code address}. Never throws: a part of the file that cannot be read
     * gives an unknown location for this address alone (full-length prefix), so an answer built on it is not
     * cached for a whole network.
     */
    @Override
    public GeoLocation locate(InetAddress address) {
        requireNonNull(address, "address");
        boolean ipv4 = address instanceof Inet4Address;
        if (ipv4Only && !ipv4) {
            // Nothing in the file is about IPv6, so nothing is known about any of it.
            return GeoLocation.unknown(0);
        }
        try {
            DatabaseRecord<GeoRecord> record = reader.getRecord(address, GeoRecord.class);
            int prefix = record.network().prefixLength();
            GeoRecord data = record.data();
            return data == null ? GeoLocation.unknown(prefix) : data.at(prefix, continents);
        } catch (IOException | RuntimeException e) {
            return GeoLocation.unknown(ipv4 ? 32 : 128);
        }
    }

    /** Lets go of the file (the mapping itself goes with the garbage); later lookups give unknown locations. */
    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // Already failing with the reason the file is unusable; a failed unmap adds nothing to act on.
        }
    }
}
