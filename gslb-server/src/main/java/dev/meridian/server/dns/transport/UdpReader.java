package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

/**
 * One UDP socket and the thread that serves it, as gdnsd, NSD and Knot serve UDP: the thread waits in the kernel for
 * the next datagram, answers it start to finish and sends the reply, one thread per socket. Going through the JDK's
 * blocking {@link DatagramChannel} straight into reused direct buffers costs a fifth less CPU per query than Netty's
 * batched datagram path, which builds a packet, an address and buffers per datagram and runs it through a pipeline
 * (measured in docs/benchmarks.md). The thread waits only for a datagram to arrive (or, with the send buffer full,
 * for room in it, as the kernel makes every blocking UDP server wait); answering never blocks. The channel's own
 * read and write locks are only ever taken by this thread, so they are never contended.
 */
final class UdpReader {
    private static final System.Logger LOG = System.getLogger(UdpReader.class.getName());
    /** Room for one query; a larger datagram is cut to this and answered FORMERR. */
    private static final int MAX_QUERY = 4096;
    /** Room for the largest reply a handler may give (a UDP datagram's payload). */
    private static final int MAX_REPLY = 65_535;
    /** Send buffer sized for bursts; the kernel may cap it (net.core.wmem_max). */
    private static final int SEND_BUFFER = 4 << 20;
    /** How long {@link #close} waits for the thread to leave the socket, which is when the kernel lets the port go. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final long FAILURE_LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final DatagramChannel channel;
    private final QueryHandler handler;
    private final Thread thread;
    /** Handler failures not logged yet, and when the last was: touched only by the reader's thread. */
    private long failures;
    private long lastFailureLogged;

    private UdpReader(DatagramChannel channel, QueryHandler handler, String name) {
        this.channel = channel;
        this.handler = handler;
        // A FastThreadLocalThread, so the handler's per-thread scratch (Netty FastThreadLocal) is an array index away.
        this.thread = new FastThreadLocalThread(this::serve, name);
        this.thread.setDaemon(true);
    }

    /** Whether several sockets of this JVM can share one UDP port ({@code SO_REUSEPORT}) here. */
    static boolean canSharePort() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Binds a socket on {@code address} and starts serving it.
     *
     * @param sharePort whether the socket shares its port with the other readers' sockets ({@code SO_REUSEPORT}: the
     *     kernel then spreads datagrams over them by a hash of source and destination); only where
     *     {@link #canSharePort} says it can
     * @param name the thread's name
     */
    static UdpReader open(InetSocketAddress address, boolean sharePort, QueryHandler handler, String name)
            throws IOException {
        DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            if (sharePort) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(address);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        UdpReader reader = new UdpReader(channel, handler, name);
        reader.thread.start();
        return reader;
    }

    /** The address bound, its port resolved when 0 was asked for. */
    InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the socket is closed", e);
        }
    }

    private void serve() {
        try {
            read();
        } finally {
            if (channel.isOpen()) {
                // Left the loop without being closed: close the socket, so the kernel deals its share of the port's
                // datagrams to the other readers instead of queueing them where no thread reads.
                LOG.log(System.Logger.Level.ERROR, "udp: " + thread.getName() + " stopped; its socket is closed");
                closeQuietly();
            }
        }
    }

    private void read() {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_QUERY);
        ByteBuffer out = ByteBuffer.allocateDirect(MAX_REPLY);
        while (true) {
            SocketAddress sender;
            in.clear();
            try {
                sender = channel.receive(in);
            } catch (ClosedChannelException e) {
                return; // closed by close(), which interrupts the receive
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "udp: reading a datagram failed: " + e.getMessage());
                continue;
            }
            in.flip();
            byte[] request = new byte[in.remaining()];
            in.get(request);
            byte[] reply;
            try {
                reply = handler.handle(request, Transport.UDP, ((InetSocketAddress) sender).getAddress());
            } catch (RuntimeException | StackOverflowError e) {
                // The handler never throws; if a bug makes it, that datagram goes unanswered and the next is read.
                handlerFailed(e);
                continue;
            }
            if (reply == null) {
                continue;
            }
            out.clear();
            out.put(reply).flip();
            try {
                channel.send(out, sender);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // A failed send to one client (unreachable, refused by a firewall) must not stop the others' answers.
                LOG.log(System.Logger.Level.DEBUG, "udp: sending to " + sender + " failed: " + e.getMessage());
            }
        }
    }

    /** Logs a handler's failure with its stack, at most once a minute, with how many went unlogged. */
    private void handlerFailed(Throwable e) {
        failures++;
        long now = System.nanoTime();
        if (failures == 1 || now - lastFailureLogged >= FAILURE_LOG_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.ERROR, "udp: answering a datagram failed (" + failures + " failure(s) since "
                    + "the last report); the datagram is dropped", e);
            lastFailureLogged = now;
            failures = 0;
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "udp: closing " + thread.getName() + " failed: " + e.getMessage());
        }
    }

    /**
     * Closes the socket and waits (a bounded time) for the thread to leave it: the JDK closes the descriptor, and the
     * kernel frees the port, only once no thread is blocked on it. Blocks: call it off the event loops.
     */
    void close() {
        closeQuietly();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "udp: " + thread.getName() + " did not stop within " + CLOSE_WAIT);
        }
    }
}
