package dev.meridian.probes.agent;

import dev.meridian.probes.cluster.ClusterNode;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.vote.VoteChannels;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The stand-alone agent's connection state in the Prometheus text format, at {@code GET /metrics} of the address the
 * operator gives ({@code --metrics}; off by default): whether it reaches the cluster (which brings it the plan), how
 * many DNS nodes' vote ports it is connected to, how long ago it last sent them a batch, and the batches sent and
 * dropped. The agent's logs say when each of these changes; this says where it stands now.
 */
public final class AgentMetrics implements AutoCloseable {
    /** The port of a {@code --metrics} address given without one (the usual Prometheus exporter port). */
    public static final int DEFAULT_PORT = 9464;
    private static final long START_TIMEOUT_SECONDS = 10;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    private AgentMetrics(Vertx vertx, VoteChannels channels, Supplier<ClusterNode.Status> cluster, Clock clock) {
        // Micrometer holds what a meter reads weakly: the gauges hold their sources strongly, and the counters read
        // the vote channels, which the agent holds for its life.
        Gauge.builder("meridian.agent.cluster.connected", cluster, c -> c.get().connected() ? 1 : 0)
                .description("1 while the agent is connected to the DNS nodes' cluster, which brings it the plan")
                .strongReference(true).register(registry);
        Gauge.builder("meridian.agent.vote.nodes.connected", channels, VoteChannels::connected)
                .description("DNS nodes whose vote port the agent is connected to").strongReference(true)
                .register(registry);
        Gauge.builder("meridian.agent.votes.last.sent.age", channels, c -> age(c.lastSent(), clock))
                .description("Time since the agent last wrote a vote batch to a DNS node; NaN before the first")
                .baseUnit("seconds").strongReference(true).register(registry);
        FunctionCounter.builder("meridian.agent.vote.frames.sent", channels, VoteChannels::framesSent)
                .description("Vote batches written to DNS nodes (one per batch per connected node)")
                .register(registry);
        FunctionCounter.builder("meridian.agent.vote.frames.dropped", channels, VoteChannels::dropped)
                .description("Vote batches not written because their node was not connected or not reading")
                .register(registry);
        server = vertx.createHttpServer().requestHandler(request -> {
            if (request.method() == HttpMethod.GET && request.path().equals("/metrics")) {
                request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(registry.scrape());
            } else {
                request.response().setStatusCode(404).end();
            }
        });
    }

    /**
     * Serves the agent's metrics on {@code listen} (port 0: any free port).
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static AgentMetrics start(Vertx vertx, HostPort listen, VoteChannels channels,
            Supplier<ClusterNode.Status> cluster, Clock clock) {
        Objects.requireNonNull(listen, "listen");
        AgentMetrics metrics = new AgentMetrics(Objects.requireNonNull(vertx, "vertx"),
                Objects.requireNonNull(channels, "channels"), Objects.requireNonNull(cluster, "cluster"),
                Objects.requireNonNull(clock, "clock"));
        try {
            metrics.server.listen(listen.port(), listen.address().getHostAddress()).toCompletionStage()
                    .toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            metrics.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot serve metrics on " + listen + ": " + cause.getMessage(), cause);
        }
        return metrics;
    }

    /** The port metrics are served on. */
    public int port() {
        return server.actualPort();
    }

    private static double age(Instant sent, Clock clock) {
        return sent == null ? Double.NaN : Math.max(0, Duration.between(sent, clock.instant()).toMillis() / 1000.0);
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }
}
