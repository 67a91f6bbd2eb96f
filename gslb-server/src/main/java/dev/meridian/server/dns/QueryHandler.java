package dev.meridian.server.dns;

import dev.meridian.server.dns.query.Transport;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * What the transports call for every message: bytes in, bytes out, on the thread that read it (a UDP reader or a TCP
 * event loop, several at once); never throws, never blocks.
 */
@FunctionalInterface
public interface QueryHandler {
    /** What {@link #handleInto} returns when the packet deserves no reply. */
    int NO_REPLY = -1;

    /**
     * The reply to send, or {@code null} when the packet deserves none.
     *
     * @param source the address the packet came from: the client's location unless the query carries ECS
     */
    byte[] handle(byte[] request, Transport transport, InetAddress source);

    /**
     * The reply to the query in the first {@code length} bytes of {@code request}, written at the start of
     * {@code reply}: what a UDP reader calls with buffers it reuses from datagram to datagram, so a common query
     * costs no array of its own. Neither array is kept once this returns.
     *
     * @return the reply's length, or {@link #NO_REPLY}
     * @throws IllegalStateException when the reply does not fit in {@code reply} (a bug: replies are bounded)
     */
    default int handleInto(byte[] request, int length, Transport transport, InetAddress source, byte[] reply) {
        return copyInto(handle(Arrays.copyOf(request, length), transport, source), reply);
    }

    /** {@code answer} written at the start of {@code reply}: its length, or {@link #NO_REPLY} for none. */
    static int copyInto(byte[] answer, byte[] reply) {
        if (answer == null) {
            return NO_REPLY;
        }
        if (answer.length > reply.length) {
            throw new IllegalStateException("a reply of " + answer.length + " bytes, over " + reply.length);
        }
        System.arraycopy(answer, 0, reply, 0, answer.length);
        return answer.length;
    }
}
