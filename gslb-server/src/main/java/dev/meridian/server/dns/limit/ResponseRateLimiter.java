package dev.meridian.server.dns.limit;

import dev.meridian.server.dns.Answer;
import dev.meridian.server.dns.AnswerStage;
import dev.meridian.server.dns.query.NameHash;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.geo.Cidr;
import dev.meridian.server.zone.Resolution;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;

/**
 * The rate-limit stage: UDP replies counted per bucket, the bucket being the client network (/24 for IPv4, /56 for
 * IPv6 by default) × what the reply is about (the query name; the zone for NXDOMAIN and referrals, which an attacker
 * can vary at will) × query type × rcode group. Over the rate, every {@code slip}-th reply is sent truncated and the
 * rest are dropped. TCP is never limited (a TCP client cannot spoof its address), nor is a query with a valid server
 * cookie. Each thread that answers UDP has its own table,
 * so the stage takes no lock; a query allocates nothing.
 */
public final class ResponseRateLimiter implements AnswerStage {
    private static final System.Logger LOG = System.getLogger(ResponseRateLimiter.class.getName());
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    /** Rcode groups: answers, NXDOMAIN, referrals, errors (and NODATA rides with answers under its own qtype). */
    private static final int ANSWERS = 0;
    private static final int NXDOMAIN = 1;
    private static final int REFERRALS = 2;
    private static final int ERRORS = 3;

    private final RateLimitOptions options;
    private final FastThreadLocal<BucketTable> tables;
    private final LongAdder slipped = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong loggedSlipped = new AtomicLong();
    private final AtomicLong loggedDropped = new AtomicLong();

    public ResponseRateLimiter(RateLimitOptions options) {
        this.options = options;
        this.tables = new FastThreadLocal<>() {
            @Override
            protected BucketTable initialValue() {
                return new BucketTable(options.tableSize(), options.rate(), options.burst());
            }
        };
    }

    @Override
    public Answer apply(ParsedQuery query, InetAddress source, Transport transport, Answer answer) {
        // A valid server cookie shows the client got an earlier reply at this address: it is not spoofed.
        if (answer == null || query.validCookie()) {
            return answer;
        }
        Resolution r = answer.resolution();
        int group = group(r.rcode(), r.authoritative(), r.answer().isEmpty(), r.authority().isEmpty());
        int about = (group == NXDOMAIN || group == REFERRALS) && r.zone() != null ? NameHash.of(r.zone().origin())
                : NameHash.of(query.qname());
        return switch (verdict(source, transport, about, query.qtype(), group)) {
            case SLIP -> answer.slipped();
            case DROP -> null;
            default -> answer;
        };
    }

    /** The compiled path's queries carry no cookie (one that does takes the full path). */
    @Override
    public boolean limitsCompiled() {
        return true;
    }

    @Override
    public int limit(InetAddress source, Transport transport, int about, int qtype, int rcode, boolean referral) {
        return verdict(source, transport, about, qtype, group(rcode, !referral, referral, !referral));
    }

    private int verdict(InetAddress source, Transport transport, int about, int qtype, int group) {
        if (transport != Transport.UDP) {
            return SEND;
        }
        long now = System.nanoTime();
        int over = tables.get().take(key(source, about, qtype, group), now);
        if (over == 0 || exempt(source)) {
            return SEND;
        }
        int verdict;
        if (options.slip() > 0 && over % options.slip() == 0) {
            slipped.increment();
            verdict = SLIP;
        } else {
            dropped.increment();
            verdict = DROP;
        }
        report(now);
        return verdict;
    }

    /** Replies sent truncated because their bucket was over the rate. */
    public long slipped() {
        return slipped.sum();
    }

    /** Replies not sent because their bucket was over the rate. */
    public long dropped() {
        return dropped.sum();
    }

    private long key(InetAddress source, int about, int qtype, int group) {
        byte[] address = source.getAddress();
        boolean ipv4 = source instanceof Inet4Address;
        int prefix = ipv4 ? options.ipv4Prefix() : options.ipv6Prefix();
        long network = 0;
        for (int i = 0; i < 8; i++) {
            network = network << 8 | (i < address.length ? address[i] & 0xFF : 0);
        }
        int width = ipv4 ? 32 : 64;
        network = network & (-1L << (64 - prefix)) & (ipv4 ? 0xFFFFFFFF00000000L : -1L);
        long key = network ^ (ipv4 ? 0x9E3779B97F4A7C15L : 0) ^ width;
        return mix(key ^ ((long) about << 20) ^ ((long) qtype << 4) ^ group);
    }

    /**
     * @param authoritative the AA flag
     * @param noAnswer whether the answer section is empty
     * @param noAuthority whether the authority section is empty
     */
    private static int group(int rcode, boolean authoritative, boolean noAnswer, boolean noAuthority) {
        if (rcode == Rcode.NXDOMAIN) {
            return NXDOMAIN;
        }
        if (rcode != Rcode.NOERROR) {
            return ERRORS;
        }
        return !authoritative && noAnswer && !noAuthority ? REFERRALS : ANSWERS;
    }

    private boolean exempt(InetAddress source) {
        for (Cidr network : options.exempt()) {
            if (contains(network, source)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(Cidr network, InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.address().getAddress();
        if (a.length != n.length) {
            return false;
        }
        int bits = network.prefixLength();
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if ((a[i] & mask) != (n[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** At most one line every ten seconds, whatever the flood. */
    private void report(long now) {
        long last = lastLog.get();
        if (now - last < LOG_EVERY_NANOS || !lastLog.compareAndSet(last, now)) {
            return;
        }
        long s = slipped.sum();
        long d = dropped.sum();
        LOG.log(System.Logger.Level.WARNING, "rate limiting: {0} replies slipped (truncated) and {1} dropped in the "
                + "last {2,number,#} s", s - loggedSlipped.getAndSet(s), d - loggedDropped.getAndSet(d),
                (now - last) / 1_000_000_000L);
    }

    /** The splitmix64 finalizer: both halves of the key pick a slot, so both must be well mixed. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
