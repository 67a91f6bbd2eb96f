package dev.meridian.probes.vote;

import dev.meridian.probes.observe.VoteBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * An agent's direct connections to the DNS nodes' vote ports, one per node, each sent every batch. A node gets the
 * agent's votes as long as this agent can reach it over TCP, whatever the DNS nodes think of each other.
 *
 * <p>Each connection reconnects after a failure with a growing, jittered pause (1 s doubling up to
 * {@link #MAX_BACKOFF}) for as long as the node is listed, and logs one line per change of state, never a stack
 * trace. A node whose plan disappeared from the agent's view (a split, the agent's own Hazelcast connection lost)
 * is kept while its connection is up: only a node that is both unlisted and unreachable is forgotten.
 *
 * <p>A node that stops reading (a paused process) gets nothing more once its connection's write queue is full:
 * batches for it are dropped and counted, and the next heartbeat after it reads again brings it every vote.
 * Everything runs on one Vert.x context; {@link #accept} and {@link #follow} may be called from any thread.
 */
public final class VoteChannels implements Consumer<VoteBatch>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VoteChannels.class.getName());
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final long FIRST_BACKOFF_MILLIS = 1000;
    /** Bytes queued for one node before its batches are dropped: a few heartbeats of a large plan. */
    private static final int WRITE_QUEUE_BYTES = 4 << 20;

    private final Vertx vertx;
    private final Context context;
    private final NetClient client;
    private final String vantage;
    private final Map<String, Channel> channels = new HashMap<>();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicReference<Instant> lastSent = new AtomicReference<>();
    private volatile int connected;
    private boolean closed;

    /** @param vantage this agent, for logs */
    public VoteChannels(Vertx vertx, String vantage) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.vantage = Objects.requireNonNull(vantage, "vantage");
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setTcpKeepAlive(true)
                .setConnectTimeout(2000));
    }

    /** Connects to these vote addresses ({@code host:port}); see the class comment for those no longer listed. */
    public void follow(Set<String> addresses) {
        Set<String> listed = Set.copyOf(addresses);
        context.runOnContext(v -> {
            if (closed) {
                return;
            }
            listed.forEach(address -> channels.computeIfAbsent(address, a -> {
                Channel channel = new Channel(a);
                channel.connect();
                return channel;
            }).listed = true);
            for (Channel channel : List.copyOf(channels.values())) {
                if (!listed.contains(channel.address)) {
                    channel.listed = false;
                    if (channel.socket == null) {
                        channel.forget();
                    }
                }
            }
        });
    }

    /** Sends the batch to every connected node; a node not connected now gets the next heartbeat instead. */
    @Override
    public void accept(VoteBatch batch) {
        Buffer frame = VoteCodec.encode(batch);
        context.runOnContext(v -> {
            for (Channel channel : channels.values()) {
                channel.send(frame.copy());
            }
        });
    }

    /** Frames written to a node since start (one per batch per connected node). */
    public long framesSent() {
        return framesSent.sum();
    }

    /** Frames not written because their node was not connected or not reading. */
    public long dropped() {
        return dropped.sum();
    }

    /** When a frame was last written to a node, or {@code null} if never. */
    public Instant lastSent() {
        return lastSent.get();
    }

    /** How many nodes are connected now. */
    public int connected() {
        return connected;
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            List.copyOf(channels.values()).forEach(Channel::forget);
            client.close();
        });
    }

    /** One node's connection; touched only on the context. */
    private final class Channel {
        final String address;
        final String host;
        final int port;
        boolean listed = true;
        NetSocket socket;
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        long retryTimer = -1;
        /** Whether the last attempt failed, so that failures in a row log once. */
        boolean failing;
        boolean gone;

        Channel(String address) {
            this.address = address;
            int colon = address.lastIndexOf(':');
            String h = address.substring(0, colon);
            this.host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
            this.port = Integer.parseInt(address.substring(colon + 1));
        }

        void connect() {
            retryTimer = -1;
            client.connect(port, host).onComplete(done -> context.runOnContext(v -> {
                if (done.failed()) {
                    failed(done.cause());
                } else {
                    connected(done.result());
                }
            }));
        }

        private void connected(NetSocket s) {
            if (gone || closed) {
                s.close();
                return;
            }
            socket = s;
            connected++;
            failing = false;
            backoffMillis = FIRST_BACKOFF_MILLIS;
            s.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
            // The node never writes; anything it sends is ignored.
            s.handler(data -> { });
            s.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "votes to {0}: {1}", address, e.toString()));
            s.closeHandler(v -> context.runOnContext(x -> lost(s)));
            LOG.log(System.Logger.Level.INFO, "{0}: votes to {1}: connected", vantage, address);
        }

        private void lost(NetSocket s) {
            if (socket != s) {
                return;
            }
            socket = null;
            connected--;
            if (gone || closed) {
                return;
            }
            if (!listed) {
                LOG.log(System.Logger.Level.INFO, "{0}: votes to {1}: disconnected; no plan lists it any more, "
                        + "forgotten", vantage, address);
                forget();
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "{0}: votes to {1}: disconnected; reconnecting in the background",
                    vantage, address);
            failing = true;
            retry();
        }

        private void failed(Throwable cause) {
            if (gone || closed) {
                return;
            }
            if (!listed) {
                forget();
                return;
            }
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "{0}: votes to {1}: cannot connect ({2}); retrying in the "
                        + "background, at least every {3} s", vantage, address, cause.getMessage(),
                        MAX_BACKOFF.toSeconds());
            }
            retry();
        }

        private void retry() {
            long jitter = (long) (backoffMillis * 0.2 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
            retryTimer = vertx.setTimer(Math.max(1, backoffMillis + jitter), id -> context.runOnContext(v -> {
                if (!gone && !closed) {
                    connect();
                }
            }));
            backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
        }

        void send(Buffer frame) {
            NetSocket s = socket;
            if (s == null || s.writeQueueFull()) {
                dropped.increment();
                return;
            }
            s.write(frame);
            framesSent.increment();
            lastSent.set(Instant.now());
        }

        void forget() {
            gone = true;
            channels.remove(address);
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
            if (socket != null) {
                socket.close();
            }
        }
    }
}
