package dev.meridian.server.dns.transport;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.SocketAddressImpl;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The IP address of a Vert.x peer, without a text round trip when Vert.x already holds it. */
final class PeerAddress {
    private PeerAddress() {
    }

    static InetAddress of(SocketAddress peer) {
        if (peer instanceof SocketAddressImpl impl && impl.ipAddress() != null) {
            return impl.ipAddress();
        }
        try {
            return InetAddress.getByName(peer.hostAddress()); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalStateException("peer address is not an IP literal: " + peer, e);
        }
    }
}
