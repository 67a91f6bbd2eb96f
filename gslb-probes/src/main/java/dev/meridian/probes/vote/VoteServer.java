package dev.meridian.probes.vote;

import dev.meridian.probes.observe.VoteBatch;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A DNS node's vote port: agents connect here directly and send their {@link VoteBatch}es, so every node an agent
 * can reach gets its votes whatever the Hazelcast cluster's membership looks like (a split, a node the others think
 * dead). Each frame is decoded on the event loop and handed whole to the sink, which must not block (the node hands
 * it to its aggregator's thread).
 *
 * <p>A malformed frame closes that connection with one log line; the agent reconnects and its next heartbeat
 * restores everything it holds.
 */
public final class VoteServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VoteServer.class.getName());

    private final NetServer server;
    private final Consumer<VoteBatch> sink;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private final LongAdder frames = new LongAdder();
    private final LongAdder votes = new LongAdder();
    private volatile boolean paused;

    private VoteServer(Vertx vertx, Consumer<VoteBatch> sink) {
        this.sink = sink;
        this.server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true));
        server.connectHandler(this::accept);
    }

    /**
     * Listens on {@code host:port} (port 0: any free port) and blocks until bound.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static VoteServer start(Vertx vertx, String host, int port, Consumer<VoteBatch> sink) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(host, "host");
        VoteServer votes = new VoteServer(vertx, Objects.requireNonNull(sink, "sink"));
        try {
            votes.server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot listen for votes on " + host + ":" + port + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the vote port");
        }
        LOG.log(System.Logger.Level.INFO, "votes: listening on {0}:{1}", host, Integer.toString(votes.port()));
        return votes;
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    /** Frames (batches) received since start: the node's health traffic. */
    public long framesReceived() {
        return frames.sum();
    }

    /** Votes received since start, all batches together. */
    public long votesReceived() {
        return votes.sum();
    }

    /** Agents connected now. */
    public int connections() {
        return sockets.size();
    }

    /**
     * Stops reading from every agent, as a stopped process would (the agents' writes back up in TCP); for tests of a
     * paused node. {@link #resume} reads on.
     */
    public void pause() {
        paused = true;
        sockets.forEach(NetSocket::pause);
    }

    /** Reads again after {@link #pause}. */
    public void resume() {
        paused = false;
        sockets.forEach(NetSocket::resume);
    }

    private void accept(NetSocket socket) {
        sockets.add(socket);
        String remote = String.valueOf(socket.remoteAddress());
        String[] vantage = {null};
        RecordParser parser = RecordParser.newFixed(4);
        int[] bodyLength = {-1};
        parser.handler(buffer -> {
            if (bodyLength[0] < 0) {
                int length = buffer.getInt(0);
                if (length < 2 || length > VoteCodec.MAX_FRAME) {
                    LOG.log(System.Logger.Level.WARNING, "votes from {0}: frame of {1} bytes refused; closing",
                            remote, length);
                    socket.close();
                    return;
                }
                bodyLength[0] = length;
                parser.fixedSizeMode(length);
                return;
            }
            bodyLength[0] = -1;
            parser.fixedSizeMode(4);
            VoteBatch batch;
            try {
                batch = VoteCodec.decode(buffer);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "votes from {0}: {1}; closing", remote, e.getMessage());
                socket.close();
                return;
            }
            if (vantage[0] == null) {
                vantage[0] = batch.vantage();
                LOG.log(System.Logger.Level.INFO, "votes: {0} connected from {1}", vantage[0], remote);
            }
            frames.increment();
            votes.add(batch.votes().size());
            try {
                sink.accept(batch);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "votes from {0}: not applied: {1}", vantage[0], e.toString());
            }
        });
        socket.handler(parser);
        socket.exceptionHandler(e -> {
            // The close handler says what matters; the reason is only for debugging.
            LOG.log(System.Logger.Level.DEBUG, "votes from {0}: {1}", remote, e.toString());
        });
        socket.closeHandler(v -> {
            sockets.remove(socket);
            if (vantage[0] != null) {
                LOG.log(System.Logger.Level.INFO, "votes: {0} disconnected ({1}); its votes stay until they are "
                        + "no longer fresh", vantage[0], remote);
            }
        });
        if (paused) {
            socket.pause();
        }
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "vote port not closed cleanly: {0}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
