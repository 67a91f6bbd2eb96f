package dev.meridian.server.dns.response;

import dev.meridian.server.dns.query.WireHeader;
import java.util.Arrays;
import org.xbill.DNS.Type;

/**
 * One reply as the full path renders it for a question name {@code q0}, without OPT: header, question and sections.
 * A reply to another query name {@code q} with the same answer is these bytes with the query's question instead of
 * {@code q0}'s and every compression pointer after the question moved by the difference in length, except pointers
 * to the question name itself (offset 12), which stand for whatever name was asked. That holds when {@code q} and
 * {@code q0} share every suffix the sections refer to, which {@link CompiledAnswers} makes sure of.
 */
public final class ReplyTemplate {
    private static final int QUESTION_NAME = WireHeader.LENGTH;
    private static final int MAX_POINTER = 0x3FFF;

    private final byte[] wire;
    /** Wire length of {@code q0}. */
    private final int nameLength;
    /** Offsets in {@link #wire} of each two-byte compression pointer after the question. */
    private final int[] pointers;

    private ReplyTemplate(byte[] wire, int nameLength, int[] pointers) {
        this.wire = wire;
        this.nameLength = nameLength;
        this.pointers = pointers;
    }

    /**
     * The template of a rendered reply to a one-question query, or {@code null} when a record in it has names in a
     * form this class cannot follow (a type whose rdata dnsjava may compress and that is not listed here).
     */
    public static ReplyTemplate of(byte[] wire) {
        Scan scan = new Scan(wire);
        try {
            while (wire[scan.position] != 0) {
                if ((wire[scan.position] & 0xC0) != 0) {
                    return null;
                }
                scan.position += 1 + wire[scan.position];
            }
            int nameLength = scan.position + 1 - QUESTION_NAME;
            scan.position += 1 + 4;
            int records = u16(wire, 6) + u16(wire, 8) + u16(wire, 10);
            for (int r = 0; r < records; r++) {
                scan.name();
                int type = u16(wire, scan.position);
                int rdlength = u16(wire, scan.position + 8);
                int rdata = scan.position + 10;
                int next = rdata + rdlength;
                int[] names = rdataNames(type);
                if (names == null) {
                    return null;
                }
                scan.position = rdata;
                for (int skip : names) {
                    scan.position += skip;
                    scan.name();
                }
                if (names.length > 0 && scan.position + fixedTail(type) != next) {
                    return null;
                }
                scan.position = next;
            }
            if (scan.position != wire.length) {
                return null;
            }
            return new ReplyTemplate(wire, nameLength, Arrays.copyOf(scan.pointers, scan.count));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The rcode in the header (the templates hold NOERROR and NXDOMAIN only). */
    public int rcode() {
        return wire[3] & 0x0F;
    }

    /** How far a byte after the question moves in the reply to a query name of {@code queryNameLength} bytes. */
    public int shift(int queryNameLength) {
        return queryNameLength - nameLength;
    }

    /** Whether the reply is a referral: not authoritative, no answer, an authority section. */
    public boolean referral() {
        return (wire[2] & 0x04) == 0 && u16(wire, 6) == 0 && u16(wire, 8) > 0;
    }

    /**
     * Writes the header and the question of the reply, every count but the question's zero and TC set: a rate
     * limiter's slip.
     *
     * @return the offset after the question
     */
    public int writeTruncated(byte[] query, int queryNameLength, byte[] out) {
        System.arraycopy(wire, 0, out, 0, 4);
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) (wire[2] | 0x02 | (query[2] & 0x01));
        // Every count written, the question's 1 and the others 0: out may hold an earlier reply.
        Arrays.fill(out, 4, WireHeader.LENGTH, (byte) 0);
        out[5] = 1;
        int question = queryNameLength + 4;
        System.arraycopy(query, QUESTION_NAME, out, QUESTION_NAME, question);
        return QUESTION_NAME + question;
    }

    /** The reply's length for a query name of {@code queryNameLength} bytes, before OPT. */
    public int length(int queryNameLength) {
        return wire.length + queryNameLength - nameLength;
    }

    /**
     * Writes the reply to {@code query} (whose question name is {@code queryNameLength} bytes at offset 12) into
     * {@code out} from offset 0, every byte of it (out may hold an earlier reply): ID and RD from the query, the
     * query's question as sent, the sections moved.
     *
     * @return the offset after the last byte written, or -1 when a moved pointer would not fit in 14 bits
     */
    public int write(byte[] query, int queryNameLength, byte[] out) {
        int shift = queryNameLength - nameLength;
        System.arraycopy(wire, 0, out, 0, WireHeader.LENGTH);
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) (wire[2] | (query[2] & 0x01));
        int question = queryNameLength + 4;
        System.arraycopy(query, QUESTION_NAME, out, QUESTION_NAME, question);
        int sections = QUESTION_NAME + nameLength + 4;
        int end = QUESTION_NAME + question;
        System.arraycopy(wire, sections, out, end, wire.length - sections);
        if (shift != 0) {
            for (int p : pointers) {
                int target = (wire[p] & 0x3F) << 8 | wire[p + 1] & 0xFF;
                if (target != QUESTION_NAME) {
                    target += shift;
                    if (target > MAX_POINTER) {
                        return -1;
                    }
                }
                out[p + shift] = (byte) (0xC0 | target >>> 8);
                out[p + shift + 1] = (byte) target;
            }
        }
        return end + wire.length - sections;
    }

    /** Bytes of rdata before each name that dnsjava compresses, in order; empty for none; null for unknown. */
    private static int[] rdataNames(int type) {
        return switch (type) {
            case Type.NS, Type.CNAME, Type.PTR -> new int[] {0};
            case Type.MX -> new int[] {2};
            case Type.SOA -> new int[] {0, 0};
            // Names in these are written uncompressed (RFC 3597 section 4) or they hold none.
            case Type.A, Type.AAAA, Type.TXT, Type.SRV, Type.NAPTR, Type.SVCB, Type.HTTPS, Type.CAA, Type.SSHFP,
                    Type.TLSA, Type.DS, Type.DNSKEY, Type.HINFO, Type.LOC, Type.URI, Type.CERT, Type.SPF,
                    Type.OPENPGPKEY, Type.SMIMEA, Type.DNAME, Type.RP, Type.AFSDB, Type.KX -> new int[0];
            default -> null;
        };
    }

    /** Fixed bytes after the last compressed name of the rdata. */
    private static int fixedTail(int type) {
        return type == Type.SOA ? 20 : 0;
    }

    /** A walk over the rendered reply that notes where each compression pointer is. */
    private static final class Scan {
        private final byte[] wire;
        private int position = QUESTION_NAME;
        private int[] pointers = new int[8];
        private int count;

        Scan(byte[] wire) {
            this.wire = wire;
        }

        /** Moves past the name at the position, noting its pointer if it ends in one. */
        void name() {
            while (true) {
                int length = wire[position] & 0xFF;
                if (length == 0) {
                    position++;
                    return;
                }
                if ((length & 0xC0) == 0xC0) {
                    if (count == pointers.length) {
                        pointers = Arrays.copyOf(pointers, count * 2);
                    }
                    pointers[count++] = position;
                    position += 2;
                    return;
                }
                if ((length & 0xC0) != 0) {
                    throw new IllegalArgumentException("label type " + length);
                }
                position += 1 + length;
            }
        }
    }

    private static int u16(byte[] wire, int offset) {
        return (wire[offset] & 0xFF) << 8 | wire[offset + 1] & 0xFF;
    }
}
