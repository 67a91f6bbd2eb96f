package dev.meridian.server.dns.transport;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.QueryHandler;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The UDP and TCP listeners of every configured address, all on one event loop. Each address is served on the same
 * port over both protocols; port 0 picks a free port (for tests), TCP first, then UDP on the port TCP got.
 */
public final class DnsListeners extends AbstractVerticle {
    private static final System.Logger LOG = System.getLogger(DnsListeners.class.getName());
    private static final int PORT_ATTEMPTS = 5;

    private final List<HostPort> addresses;
    private final TcpLimits tcpLimits;
    private final QueryHandler handler;
    private final List<InetSocketAddress> bound = new CopyOnWriteArrayList<>();
    private final List<NetServer> tcpServers = new ArrayList<>();
    private final List<DatagramChannel> udpSockets = new ArrayList<>();
    private TcpConnections connections;

    public DnsListeners(List<HostPort> addresses, TcpLimits tcpLimits, QueryHandler handler) {
        this.addresses = List.copyOf(addresses);
        this.tcpLimits = tcpLimits;
        this.handler = handler;
    }

    /** The addresses actually bound, in configuration order (ports resolved when 0 was asked for). */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    @Override
    public void start(Promise<Void> started) {
        connections = new TcpConnections(tcpLimits, handler, System::nanoTime);
        long sweepMillis = Math.max(100, Math.min(tcpLimits.idleTimeout().toMillis(), tcpLimits.messageTimeout().toMillis()) / 4);
        vertx.setPeriodic(sweepMillis, id -> connections.sweep());
        Future<Void> chain = Future.succeededFuture();
        for (HostPort address : addresses) {
            chain = chain.compose(v -> listen(address, PORT_ATTEMPTS));
        }
        chain.onComplete(started);
    }

    private Future<Void> listen(HostPort address, int attemptsLeft) {
        String host = address.address().getHostAddress();
        NetServer tcp = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(address.port())
                .setTcpNoDelay(true).setReuseAddress(true));
        tcp.connectHandler(connections::accept);
        return tcp.listen().compose(server -> {
            int port = server.actualPort();
            return UdpListener.bind(vertx, context, new InetSocketAddress(address.address(), port), handler)
                    .<Void>map(socket -> {
                tcpServers.add(server);
                udpSockets.add(socket);
                bound.add(new InetSocketAddress(address.address(), port));
                LOG.log(System.Logger.Level.INFO, "listening on {0} (udp, tcp)", new HostPort(address.address(), port));
                return null;
            }).recover(e -> {
                server.close();
                if (address.port() == 0 && attemptsLeft > 1) {
                    return listen(address, attemptsLeft - 1); // the free TCP port was taken for UDP; try another
                }
                return Future.failedFuture(new IllegalStateException(
                        "cannot listen on udp " + new HostPort(address.address(), port) + ": " + e.getMessage(), e));
            });
        }, e -> Future.failedFuture(new IllegalStateException(
                "cannot listen on tcp " + address + ": " + e.getMessage(), e)));
    }

    @Override
    public void stop(Promise<Void> stopped) {
        List<Future<Void>> closing = new ArrayList<>();
        tcpServers.forEach(s -> closing.add(s.close()));
        for (DatagramChannel socket : udpSockets) {
            Promise<Void> closed = Promise.promise();
            socket.close().addListener(f -> closed.complete());
            closing.add(closed.future());
        }
        Future.join(closing).<Void>mapEmpty().onComplete(stopped);
    }
}
