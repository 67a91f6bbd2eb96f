package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
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
 * A {@link UdpReader} through the JDK's blocking {@link DatagramChannel}, where batched reads are not available: one
 * datagram per system call, into reused direct buffers. The thread waits only for a datagram to arrive (or, with the
 * send buffer full, for room in it, as the kernel makes every blocking UDP server wait); answering never blocks. The
 * channel's own read and write locks are only ever taken by this thread, so they are never contended.
 */
final class ChannelUdpReader implements UdpReader {
    private static final System.Logger LOG = System.getLogger(ChannelUdpReader.class.getName());
    /** Send buffer sized for bursts; the kernel may cap it (net.core.wmem_max). */
    private static final int SEND_BUFFER = 4 << 20;
    /** How long {@link #close} waits for the thread to leave the socket, which is when the kernel lets the port go. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final DatagramChannel channel;
    private final GuardedHandler handler;
    private final Thread thread;

    private ChannelUdpReader(DatagramChannel channel, QueryHandler handler, String name) {
        this.channel = channel;
        this.handler = new GuardedHandler(handler);
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

    /** Binds a socket on {@code address}, to serve it once started; see {@link UdpReader#open}. */
    static ChannelUdpReader open(InetSocketAddress address, boolean sharePort, QueryHandler handler, String name)
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
        return new ChannelUdpReader(channel, handler, name);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public InetSocketAddress localAddress() {
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
        // Reused for every datagram: the handler keeps neither once it returns.
        byte[] request = new byte[MAX_QUERY];
        byte[] reply = new byte[MAX_REPLY];
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
            int length = in.remaining();
            in.get(request, 0, length);
            int written = handler.answer(request, length, ((InetSocketAddress) sender).getAddress(), reply);
            if (written < 0) {
                continue;
            }
            out.clear();
            out.put(reply, 0, written).flip();
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

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "udp: closing " + thread.getName() + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
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
