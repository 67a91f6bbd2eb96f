package dev.meridian.server.dns.transport;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.meridian.server.dns.QueryHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link UdpReader} that reads and writes datagrams in batches, as gdnsd does: one {@code recvmmsg} (blocking until
 * at least one datagram is there, then taking all that are, up to {@link #BATCH}) and one {@code sendmmsg} for their
 * replies, called through JNA. The datagrams, their senders and the replies sit in native memory allocated once and
 * read and written through direct buffers, so nothing but each query's and reply's bytes crosses into Java, into and
 * out of two arrays the reader reuses. Measured
 * as an echo against the JDK's channel (one system call per datagram, and the channel's bookkeeping around each):
 * under a third of the user time per query, and less kernel time (docs/benchmarks.md).
 *
 * <p>Layouts are those of 64-bit Linux ({@code struct mmsghdr} of 64 bytes: {@code msghdr} then {@code msg_len}),
 * which {@link LibC#available()} checks for.
 */
final class BatchedUdpReader implements UdpReader {
    private static final System.Logger LOG = System.getLogger(BatchedUdpReader.class.getName());
    /** Datagrams one call reads or writes at most. */
    private static final int BATCH = 32;
    /** Room for one query, and for one reply. */
    private static final int SLOT = Math.max(MAX_QUERY, MAX_REPLY);
    private static final int SEND_BUFFER = 4 << 20;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** How long a receive waits before it looks again whether the reader is closing, should a wake-up be missed. */
    private static final long RECEIVE_TIMEOUT_SECONDS = 1;

    // struct mmsghdr on 64-bit Linux: struct msghdr (56 bytes), then unsigned int msg_len, padded to 64.
    private static final int MMSGHDR = 64;
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_LEN = 56;
    /** struct iovec: base, length. */
    private static final int IOVEC = 16;
    /** Room for a sender's address: struct sockaddr_storage. */
    private static final int NAME = 128;

    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;

    private final int fd;
    private final InetSocketAddress local;
    private final GuardedHandler handler;
    private final Thread thread;
    private final NativeBuffers buffers = new NativeBuffers();
    /** OPEN, then CLOSING (close() shuts the socket down and closes it) or CLOSED (the thread died and closed it). */
    private final AtomicInteger state = new AtomicInteger(OPEN);

    private BatchedUdpReader(int fd, InetSocketAddress local, QueryHandler handler, String name) {
        this.fd = fd;
        this.local = local;
        this.handler = new GuardedHandler(handler);
        // A FastThreadLocalThread, so the handler's per-thread scratch (Netty FastThreadLocal) is an array index away.
        this.thread = new FastThreadLocalThread(this::serve, name);
        this.thread.setDaemon(true);
    }

    /** Whether batched reads can be made here: 64-bit Linux with JNA loaded. */
    static boolean available() {
        return LibC.available();
    }

    /** Binds a socket on {@code address}, to serve it once started; see {@link UdpReader#open}. */
    static BatchedUdpReader open(InetSocketAddress address, boolean sharePort, QueryHandler handler,
            String threadName) throws IOException {
        boolean ipv6 = address.getAddress() instanceof Inet6Address;
        int fd = call("socket", () -> LibC.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0));
        try {
            setInt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, SEND_BUFFER);
            if (sharePort) {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEPORT, 1);
            }
            unfragmented(fd, ipv6);
            Memory timeout = new Memory(16); // struct timeval
            timeout.setLong(0, RECEIVE_TIMEOUT_SECONDS);
            timeout.setLong(8, 0);
            call("setsockopt SO_RCVTIMEO", () -> LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout, 16));
            Memory name = new Memory(NAME);
            name.clear();
            int length = SocketAddresses.encode(address, name.getByteBuffer(0, NAME).order(ByteOrder.nativeOrder()));
            call("bind", () -> LibC.bind(fd, name, length));
            return new BatchedUdpReader(fd, boundAddress(fd, address), handler, threadName);
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void start() {
        thread.start();
    }

    private void serve() {
        try {
            read();
        } finally {
            if (state.compareAndSet(OPEN, CLOSED)) {
                // Died without being closed: close the socket, so the kernel deals its share of the port's datagrams
                // to the other readers instead of queueing them where no thread reads.
                LOG.log(System.Logger.Level.ERROR, "udp: " + thread.getName() + " stopped; its socket is closed");
                LibC.close(fd);
            }
        }
    }

    private void read() {
        ByteBuffer in = buffers.in;
        ByteBuffer out = buffers.out;
        ByteBuffer outIovecs = buffers.outIovecs;
        ByteBuffer senders = buffers.senders;
        ByteBuffer queryBytes = buffers.queryBytes;
        ByteBuffer replyBytes = buffers.replyBytes;
        long receivedAt = Pointer.nativeValue(buffers.received);
        long toSendAt = Pointer.nativeValue(buffers.toSend);
        long namesAt = Pointer.nativeValue(buffers.names);
        SocketAddresses sources = new SocketAddresses();
        // Each query is copied here and its reply written here, for every datagram: the handler keeps neither.
        byte[] request = new byte[MAX_QUERY];
        byte[] reply = new byte[MAX_REPLY];
        while (state.get() == OPEN) {
            int count = receive(receivedAt);
            int answered = 0;
            for (int i = 0; i < count; i++) {
                int length = in.getInt(i * MMSGHDR + MSG_LEN);
                int nameLength = in.getInt(i * MMSGHDR + MSG_NAMELEN);
                in.putInt(i * MMSGHDR + MSG_NAMELEN, NAME); // the next receive's room for the sender
                InetAddress source = sources.decode(senders, i * NAME, nameLength);
                if (source == null) {
                    continue;
                }
                queryBytes.get(i * SLOT, request, 0, length);
                int written = handler.answer(request, length, source, reply);
                if (written < 0) {
                    continue;
                }
                replyBytes.put(answered * SLOT, reply, 0, written);
                out.putLong(answered * MMSGHDR + MSG_NAME, namesAt + (long) i * NAME);
                out.putInt(answered * MMSGHDR + MSG_NAMELEN, nameLength);
                outIovecs.putLong(answered * IOVEC + 8, written);
                answered++;
            }
            send(toSendAt, answered);
        }
    }

    /** Datagrams received into the vector: at least one, or 0 after the timeout, a signal or a shutdown. */
    private int receive(long vector) {
        int count = LibC.recvmmsg(fd, vector, BATCH, LibC.MSG_WAITFORONE, 0);
        if (count < 0) {
            int error = Native.getLastError();
            if (error == LibC.EBADF || error == LibC.EFAULT || error == LibC.ENOTSOCK) {
                // The socket or the vectors are not what this reader made: reading on would only spin.
                throw new IllegalStateException("udp: recvmmsg failed with errno " + error);
            }
            if (error != LibC.EAGAIN && error != LibC.EINTR && state.get() == OPEN) {
                LOG.log(System.Logger.Level.WARNING, "udp: reading datagrams failed: errno " + error);
            }
            return 0;
        }
        return count;
    }

    /** Sends the first {@code count} replies of the vector; one that cannot be sent is skipped, not the rest. */
    private void send(long vector, int count) {
        int sent = 0;
        while (sent < count && state.get() != CLOSED) {
            int now = LibC.sendmmsg(fd, vector + (long) sent * MMSGHDR, count - sent, 0);
            if (now >= 0) {
                sent += now;
            } else if (Native.getLastError() != LibC.EINTR) {
                // One client unreachable or refused by a firewall must not stop the others' answers.
                LOG.log(System.Logger.Level.DEBUG, "udp: a reply could not be sent: errno " + Native.getLastError());
                sent++;
            }
        }
    }

    @Override
    public void close() {
        if (!state.compareAndSet(OPEN, CLOSING)) {
            return; // the thread died and closed the socket already
        }
        try {
            LibC.shutdown(fd, LibC.SHUT_RDWR); // wakes the thread from its receive
        } catch (LastErrorException e) {
            // ENOTCONN on an unconnected socket, after waking the reader all the same.
        }
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // Closing a descriptor a thread still uses could close another socket that reuses its number: leak it.
            LOG.log(System.Logger.Level.WARNING, "udp: " + thread.getName() + " did not stop within " + CLOSE_WAIT
                    + "; its socket is left open");
            return;
        }
        LibC.close(fd);
        state.set(CLOSED);
    }

    /**
     * Replies leave with DF set and are never fragmented (RFC 9715: a reply too large for the path is lost, and the
     * resolver retries smaller or over TCP, instead of being reassembled from fragments an attacker can forge), and
     * the path MTU is ignored, so a forged ICMP "fragmentation needed" cannot lower it. Replies are at most the EDNS
     * limit of 1232 bytes, within the MTU of any link that can carry IPv6 (1280 bytes at least). It also spares the
     * kernel the IP ID generator per datagram: an IPv4 datagram with DF set from an unconnected socket gets ID 0 (RFC
     * 6864). An IPv6 socket sets the IPv4 option too, for the IPv4 clients it serves on a dual stack.
     */
    private static void unfragmented(int fd, boolean ipv6) throws IOException {
        if (ipv6) {
            setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MTU_DISCOVER, LibC.PMTUDISC_PROBE);
            setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_DONTFRAG, 1);
        }
        setInt(fd, LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, LibC.PMTUDISC_PROBE);
    }

    private static void setInt(int fd, int level, int option, int value) throws IOException {
        Memory memory = new Memory(4);
        memory.setInt(0, value);
        call("setsockopt " + level + "/" + option, () -> LibC.setsockopt(fd, level, option, memory, 4));
    }

    /** An integer socket option as the kernel holds it: for tests of the options set here. */
    int option(int level, int option) throws IOException {
        Memory value = new Memory(4);
        Memory length = new Memory(4);
        length.setInt(0, 4);
        call("getsockopt " + level + "/" + option, () -> LibC.getsockopt(fd, level, option, value, length));
        return value.getInt(0);
    }

    private static InetSocketAddress boundAddress(int fd, InetSocketAddress asked) throws IOException {
        Memory name = new Memory(NAME);
        Memory length = new Memory(4);
        length.setInt(0, NAME);
        call("getsockname", () -> LibC.getsockname(fd, name, length));
        int port = Short.toUnsignedInt(Short.reverseBytes(name.getShort(2))); // network order
        return new InetSocketAddress(asked.getAddress(), port);
    }

    /** A call that returns -1 with errno on failure, as an {@link IOException} that names it. */
    private static int call(String what, NativeCall call) throws IOException {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface NativeCall {
        int run();
    }

    /**
     * The native memory the kernel reads and writes, allocated once per reader and held by it: JNA frees a
     * {@link Memory} once nothing refers to it, and the kernel refers to these through the addresses written into the
     * vectors, which the garbage collector cannot see. Views of each, in native byte order, for the reader's thread.
     */
    private static final class NativeBuffers {
        private final Memory received = new Memory((long) BATCH * MMSGHDR);
        private final Memory receivedIovecs = new Memory((long) BATCH * IOVEC);
        private final Memory names = new Memory((long) BATCH * NAME);
        private final Memory queries = new Memory((long) BATCH * SLOT);
        private final Memory toSend = new Memory((long) BATCH * MMSGHDR);
        private final Memory sendIovecs = new Memory((long) BATCH * IOVEC);
        private final Memory replies = new Memory((long) BATCH * SLOT);
        private final ByteBuffer in = view(received);
        private final ByteBuffer out = view(toSend);
        private final ByteBuffer outIovecs = view(sendIovecs);
        private final ByteBuffer senders = view(names);
        private final ByteBuffer queryBytes = view(queries);
        private final ByteBuffer replyBytes = view(replies);

        /** Each receive slot points at its sender's room and its query's room; each send slot at its reply's. */
        NativeBuffers() {
            received.clear();
            toSend.clear();
            ByteBuffer inIovecs = view(receivedIovecs);
            for (int i = 0; i < BATCH; i++) {
                in.putLong(i * MMSGHDR + MSG_NAME, Pointer.nativeValue(names) + (long) i * NAME);
                in.putInt(i * MMSGHDR + MSG_NAMELEN, NAME);
                in.putLong(i * MMSGHDR + MSG_IOV, Pointer.nativeValue(receivedIovecs) + (long) i * IOVEC);
                in.putLong(i * MMSGHDR + MSG_IOVLEN, 1);
                inIovecs.putLong(i * IOVEC, Pointer.nativeValue(queries) + (long) i * SLOT);
                inIovecs.putLong(i * IOVEC + 8, MAX_QUERY);
                out.putLong(i * MMSGHDR + MSG_IOV, Pointer.nativeValue(sendIovecs) + (long) i * IOVEC);
                out.putLong(i * MMSGHDR + MSG_IOVLEN, 1);
                outIovecs.putLong(i * IOVEC, Pointer.nativeValue(replies) + (long) i * SLOT);
            }
        }

        private static ByteBuffer view(Memory memory) {
            return memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
        }
    }

    /**
     * Socket addresses in their C form ({@code sockaddr_in}, {@code sockaddr_in6}). Decoding remembers the last
     * sender: a resolver sends many queries in a row, and its address is then not built again.
     */
    static final class SocketAddresses {
        private final byte[] scratch = new byte[16];
        private byte[] lastBytes = new byte[0];
        private InetAddress last;

        /** Writes {@code address} at the buffer's start; returns its length. */
        static int encode(InetSocketAddress address, ByteBuffer into) {
            byte[] bytes = address.getAddress().getAddress();
            into.put(2, (byte) (address.getPort() >>> 8)).put(3, (byte) address.getPort());
            if (bytes.length == 4) {
                into.putShort(0, (short) LibC.AF_INET);
                into.put(4, bytes);
                return 16;
            }
            into.putShort(0, (short) LibC.AF_INET6);
            into.putInt(4, 0); // flow info
            into.put(8, bytes);
            into.putInt(24, ((Inet6Address) address.getAddress()).getScopeId());
            return 28;
        }

        /** The address of the sender at {@code at}, or {@code null} for a family that is not IP. */
        InetAddress decode(ByteBuffer names, int at, int length) {
            int family = Short.toUnsignedInt(names.getShort(at));
            int offset;
            int size;
            if (family == LibC.AF_INET && length >= 16) {
                offset = 4;
                size = 4;
            } else if (family == LibC.AF_INET6 && length >= 28) {
                offset = 8;
                size = 16;
            } else {
                return null;
            }
            names.get(at + offset, scratch, 0, size);
            if (size == lastBytes.length && Arrays.equals(lastBytes, 0, size, scratch, 0, size)) {
                return last;
            }
            byte[] bytes = Arrays.copyOf(scratch, size);
            try {
                // An IPv4-mapped IPv6 sender (on a dual-stack socket) becomes the IPv4 address it is.
                last = InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new AssertionError("4 or 16 bytes are an address", e);
            }
            lastBytes = bytes;
            return last;
        }
    }
}
