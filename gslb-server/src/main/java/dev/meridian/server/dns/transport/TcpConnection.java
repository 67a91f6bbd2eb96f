package dev.meridian.server.dns.transport;

import dev.meridian.server.dns.QueryHandler;
import dev.meridian.server.dns.query.Transport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.InetAddress;

/**
 * One TCP client: splits the byte stream into two-byte-length-prefixed messages (RFC 1035 section 4.2.2), answers
 * each as soon as it is complete, so pipelined queries are answered in the order they arrive, and remembers when it
 * was last active and since when a message has been only partly received.
 */
final class TcpConnection {
    static final long NONE = -1;

    private final NetSocket socket;
    private final QueryHandler handler;
    private final InetAddress peer;
    private Buffer pending = Buffer.buffer();
    private long lastActivityNanos;
    private long partialSinceNanos = NONE;

    TcpConnection(NetSocket socket, QueryHandler handler, long nowNanos) {
        this.socket = socket;
        this.handler = handler;
        this.peer = PeerAddress.of(socket.remoteAddress());
        this.lastActivityNanos = nowNanos;
    }

    /** Takes a chunk of the stream; returns false when the connection must be closed. */
    boolean onData(Buffer chunk, long nowNanos) {
        lastActivityNanos = nowNanos;
        pending.appendBuffer(chunk);
        int offset = 0;
        boolean completed = false;
        while (pending.length() - offset >= 2) {
            int length = pending.getUnsignedShort(offset);
            if (length == 0) {
                return false; // no message has length zero: the stream is not DNS
            }
            if (pending.length() - offset - 2 < length) {
                break;
            }
            byte[] reply = handler.handle(pending.getBytes(offset + 2, offset + 2 + length), Transport.TCP, peer);
            offset += 2 + length;
            completed = true;
            if (reply != null) {
                socket.write(Buffer.buffer(reply.length + 2).appendUnsignedShort(reply.length).appendBytes(reply));
            }
        }
        if (offset > 0) {
            pending = offset == pending.length() ? Buffer.buffer() : pending.getBuffer(offset, pending.length());
        }
        if (pending.length() == 0) {
            partialSinceNanos = NONE;
        } else if (completed || partialSinceNanos == NONE) {
            partialSinceNanos = nowNanos;
        }
        if (socket.writeQueueFull()) {
            // A client that does not read its answers stops being read from.
            socket.pause();
            socket.drainHandler(v -> socket.resume());
        }
        return true;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    long partialSinceNanos() {
        return partialSinceNanos;
    }

    void close() {
        socket.close();
    }
}
