package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One UDP socket and the thread that serves it, as gdnsd, NSD and Knot serve UDP: the thread waits in the kernel for
 * datagrams, answers each start to finish and sends the replies, one thread per socket. Two kinds: batched through
 * libc where it can be ({@link BatchedUdpReader}), else the JDK's channel ({@link ChannelUdpReader}).
 */
interface UdpReader {
    /** Room for one query; a larger datagram is cut to this and answered FORMERR. */
    int MAX_QUERY = 4096;
    /** Room for one reply: far above the largest the server sends over UDP (the EDNS limit, 1232 bytes). */
    int MAX_REPLY = 4096;

    /** The address bound, its port resolved when 0 was asked for. */
    InetSocketAddress localAddress();

    /**
     * Starts the thread that serves the socket. Until then datagrams wait in the socket's buffer: the listeners
     * start an address's readers once its TCP socket listens too, so a client never finds one protocol served and
     * the other refused.
     */
    void start();

    /**
     * Closes the socket and waits (a bounded time) for the thread to leave it, which is when the port is free again.
     * Blocks: call it off the event loops.
     */
    void close();

    /**
     * Binds a socket on {@code address}, to serve it once {@linkplain #start started}, batched where
     * {@link BatchedUdpReader#available}.
     *
     * @param sharePort whether the socket shares its port with the other readers' sockets ({@code SO_REUSEPORT}: the
     *     kernel then spreads datagrams over them by a hash of source and destination); only where
     *     {@link #canSharePort} says it can
     * @param name the thread's name
     */
    static UdpReader open(InetSocketAddress address, boolean sharePort, QueryHandler handler, String name)
            throws IOException {
        return BatchedUdpReader.available() ? BatchedUdpReader.open(address, sharePort, handler, name)
                : ChannelUdpReader.open(address, sharePort, handler, name);
    }

    /** Whether several sockets of this JVM can share one UDP port ({@code SO_REUSEPORT}) here. */
    static boolean canSharePort() {
        return BatchedUdpReader.available() || ChannelUdpReader.canSharePort();
    }
}
