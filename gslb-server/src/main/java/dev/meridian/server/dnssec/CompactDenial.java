package dev.meridian.server.dnssec;

import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.RRset;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Compact denial of existence (RFC 9824): one NSEC record at the query name whose next name is its immediate
 * successor, so it covers nothing but the name itself and cannot be used to walk the zone. A name that does not
 * exist gets a bitmap of NXNAME, RRSIG and NSEC and the answer becomes NOERROR; a name without the type asked for
 * gets a bitmap of the types it has. One signature made online per denial, no chain of names to precompute.
 */
public final class CompactDenial {
    private static final Name ZERO_LABEL;

    static {
        try {
            ZERO_LABEL = Name.fromString("\\000", null);
        } catch (TextParseException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CompactDenial() {
    }

    /** The NSEC saying {@code name} does not exist (RFC 9824 section 3.2). */
    public static RRset nxdomain(Name name, long ttl) {
        return nsec(name, ttl, new int[] {Type.RRSIG, Type.NSEC, Type.NXNAME});
    }

    /** The NSEC saying {@code name} has only {@code types} (and RRSIG and NSEC), so not the one asked for. */
    public static RRset nodata(Name name, int[] types, long ttl) {
        int[] all = Arrays.copyOf(types, types.length + 2);
        all[types.length] = Type.RRSIG;
        all[types.length + 1] = Type.NSEC;
        return nsec(name, ttl, all);
    }

    private static RRset nsec(Name name, long ttl, int[] types) {
        return new RRset(new NSECRecord(name, DClass.IN, ttl, successor(name), types));
    }

    /** {@code \000.name}, the first name after {@code name} in canonical order; the name itself if that is too long. */
    private static Name successor(Name name) {
        try {
            return Name.concatenate(ZERO_LABEL, name);
        } catch (NameTooLongException e) {
            // No longer name fits; the owner still matches the query name exactly, which is what the proof rests on.
            return name;
        }
    }
}
