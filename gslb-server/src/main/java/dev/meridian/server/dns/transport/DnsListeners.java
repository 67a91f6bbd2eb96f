package dev.meridian.server.dns.transport;

import dev.meridian.probes.config.HostPort;
import dev.meridian.server.config.TcpLimits;
import dev.meridian.server.dns.QueryHandler;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The UDP and TCP listeners of every configured address. UDP: as many sockets per address as the server has event
 * loops, all on one port with {@code SO_REUSEPORT}, each served by a thread of its own ({@link UdpReader}), so the
 * kernel deals the datagrams out (by a hash of source and destination) and no reader waits on another; where a port
 * cannot be shared, one. TCP has one listening socket per address, opened by every event loop: Vert.x then accepts
 * on its acceptor thread and hands the connections to the loops in turn. That spreads connections exactly, where
 * {@code SO_REUSEPORT} listeners would spread them by a hash and drop the connections waiting in a listener's queue
 * when it closes; and Vert.x shares one socket between its servers on the same address anyway. An accept is rare
 * next to the queries a connection carries. Each address is served on the same port over both protocols; port 0
 * picks a free port (for tests), UDP first, then TCP on the port UDP got.
 */
public final class DnsListeners extends AbstractVerticle {
    private static final System.Logger LOG = System.getLogger(DnsListeners.class.getName());
    private static final int PORT_ATTEMPTS = 5;

    private final List<HostPort> addresses;
    private final List<HostPort> toBind;
    private final TcpLimits tcpLimits;
    private final int eventLoops;
    private final QueryHandler handler;
    private final List<InetSocketAddress> bound = new CopyOnWriteArrayList<>();
    private final List<NetServer> tcpServers = new ArrayList<>();
    private final List<UdpReader> udpReaders = new ArrayList<>();
    private List<ServingLoop> loops = List.of();
    private int udpPerAddress;

    /**
     * @param eventLoops how many of Vert.x's event loops serve DNS, from the first; Vert.x must run at least that many
     */
    public DnsListeners(List<HostPort> addresses, TcpLimits tcpLimits, int eventLoops, QueryHandler handler) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be at least 1, got " + eventLoops);
        }
        this.addresses = List.copyOf(addresses);
        // Read here, on the caller's thread: it reads a /proc file, which has no place on an event loop.
        this.toBind = DualStack.toBind(this.addresses, DualStack.wildcardTakesIpv4());
        this.tcpLimits = tcpLimits;
        this.eventLoops = eventLoops;
        this.handler = handler;
    }

    /** The addresses actually bound, in configuration order (ports resolved when 0 was asked for). */
    public List<InetSocketAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    @Override
    public void start(Promise<Void> started) {
        loops = ServingLoop.first(vertx, eventLoops, tcpLimits, handler);
        udpPerAddress = eventLoops > 1 && UdpReader.canSharePort() ? eventLoops : 1;
        if (!BatchedUdpReader.available()) {
            LOG.log(System.Logger.Level.WARNING, "udp: batched reads are not available here ({0}); each reader takes "
                    + "one datagram per system call", LibC.unavailability().getMessage());
        }
        if (udpPerAddress < eventLoops) {
            LOG.log(System.Logger.Level.WARNING, "udp: this system cannot share a port between sockets "
                    + "(SO_REUSEPORT): one thread reads each address''s datagrams; TCP uses all {0} event loops",
                    eventLoops);
        }
        addresses.stream().filter(address -> !toBind.contains(address)).forEach(address -> LOG.log(
                System.Logger.Level.INFO, "listen {0}: served by [::]:{1,number,#}, which takes IPv4 too on this host "
                        + "(net.ipv6.bindv6only = 0)", address, address.port()));
        Future<Void> chain = Future.succeededFuture();
        for (HostPort address : toBind) {
            chain = chain.compose(v -> listen(address, PORT_ATTEMPTS));
        }
        // A failed start is not stopped by Vert.x: whatever the addresses before the failing one opened is closed here.
        chain.recover(e -> closeAll().transform(closed -> Future.<Void>failedFuture(e))).onComplete(started);
    }

    /** Every socket of one address: on success all are kept; on a failure all that were opened are closed. */
    private Future<Void> listen(HostPort address, int attemptsLeft) {
        // UDP first: the port it gets (when 0 was asked for) is the one every other socket of the address takes.
        List<UdpReader> udp = new ArrayList<>();
        InetSocketAddress at = new InetSocketAddress(address.address(), address.port());
        try {
            for (int i = 0; i < udpPerAddress; i++) {
                udp.add(UdpReader.open(at, udpPerAddress > 1, handler, "dns-udp-" + i + "@" + address));
                at = udp.get(0).localAddress();
            }
        } catch (IOException | RuntimeException e) {
            HostPort failed = new HostPort(at.getAddress(), at.getPort());
            return close(udp).transform(closed -> Future.failedFuture(
                    new IllegalStateException("cannot listen on udp " + failed + ": " + e.getMessage(), e)));
        }
        int port = at.getPort();
        InetSocketAddress tcpAt = at;
        List<NetServer> tcp = new ArrayList<>();
        List<Future<NetServer>> tcpListening = new ArrayList<>();
        for (ServingLoop loop : loops) {
            NetServer server = vertx.createNetServer(new NetServerOptions().setHost(tcpAt.getAddress()
                    .getHostAddress()).setPort(port).setTcpNoDelay(true).setReuseAddress(true));
            server.connectHandler(loop.connections()::accept);
            tcp.add(server);
            // Listening on the same address from each loop shares one socket; Vert.x deals its connections out.
            tcpListening.add(loop.run(server::listen).recover(e -> Future.failedFuture(
                    new IllegalStateException("cannot listen on tcp " + new HostPort(tcpAt.getAddress(), port)
                            + ": " + e.getMessage(), e))));
        }
        return Future.join(tcpListening).<Void>map(v -> {
            udp.forEach(UdpReader::start);
            udpReaders.addAll(udp);
            tcpServers.addAll(tcp);
            bound.add(tcpAt);
            LOG.log(System.Logger.Level.INFO, "listening on {0} (udp: {1} {2} socket(s), tcp)",
                    new HostPort(address.address(), port), udp.size(),
                    BatchedUdpReader.available() ? "batched" : "unbatched");
            return null;
        }).recover(e -> {
            List<Future<Void>> closing = new ArrayList<>();
            closing.add(close(udp));
            tcp.forEach(server -> closing.add(server.close()));
            Throwable cause = tcpListening.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(e);
            return Future.join(closing).transform(closed -> address.port() == 0 && attemptsLeft > 1
                    ? listen(address, attemptsLeft - 1) // the free UDP port was taken for TCP; try another
                    : Future.failedFuture(cause));
        });
    }

    @Override
    public void stop(Promise<Void> stopped) {
        closeAll().onComplete(stopped);
    }

    private Future<Void> closeAll() {
        List<Future<Void>> closing = new ArrayList<>();
        loops.forEach(ServingLoop::close);
        tcpServers.forEach(s -> closing.add(s.close()));
        closing.add(close(udpReaders));
        return Future.join(closing).mapEmpty();
    }

    /** Closes the readers on a worker thread: each waits for its thread to leave the socket. */
    private Future<Void> close(List<UdpReader> readers) {
        List<UdpReader> closing = List.copyOf(readers);
        readers.clear();
        return closing.isEmpty() ? Future.succeededFuture() : vertx.executeBlocking(() -> {
            closing.forEach(UdpReader::close);
            return null;
        }, false);
    }
}
