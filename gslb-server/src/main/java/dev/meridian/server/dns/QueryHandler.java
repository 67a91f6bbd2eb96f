package dev.meridian.server.dns;

import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;

/**
 * What the transports call for every message: bytes in, bytes out, on the thread that read it (a UDP reader or a TCP
 * event loop, several at once); never throws, never blocks.
 */
@FunctionalInterface
public interface QueryHandler {
    /**
     * The reply to send, or {@code null} when the packet deserves none.
     *
     * @param source the address the packet came from: the client's location unless the query carries ECS
     */
    byte[] handle(byte[] request, Transport transport, InetAddress source);
}
