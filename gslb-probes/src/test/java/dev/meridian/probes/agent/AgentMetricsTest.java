package dev.meridian.probes.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.cluster.ClusterNode;
import dev.meridian.probes.config.HostPort;
import dev.meridian.probes.observe.VoteBatch;
import dev.meridian.probes.testing.Await;
import dev.meridian.probes.vote.VoteChannels;
import dev.meridian.probes.vote.VoteServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's metrics scraped over a real socket, while its vote channel connects to a real vote port on loopback
 * and loses it.
 */
class AgentMetricsTest {
    private static final String VANTAGE = "eu/agent-1";

    private Vertx vertx;
    private VoteServer node;
    private VoteChannels channels;
    private AgentMetrics metrics;
    private final AtomicReference<ClusterNode.Status> cluster =
            new AtomicReference<>(new ClusterNode.Status(false, Instant.now()));

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        node = VoteServer.start(vertx, "127.0.0.1", 0, batch -> { });
        channels = new VoteChannels(vertx, VANTAGE);
        metrics = AgentMetrics.start(vertx, HostPort.parse("127.0.0.1:0", AgentMetrics.DEFAULT_PORT), channels,
                cluster::get, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        metrics.close();
        channels.close();
        node.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + metrics.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer from the metrics address", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private double value(String series) {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.Ee+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(response.body());
        assertTrue(m.find(), () -> series + " missing from " + response.body());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void beforeAnyNodeIsReachedNothingIsConnectedAndNothingWasSent() {
        assertEquals(0, value("meridian_agent_cluster_connected"));
        assertEquals(0, value("meridian_agent_vote_nodes_connected"));
        assertTrue(Double.isNaN(value("meridian_agent_votes_last_sent_age_seconds")));
    }

    @Test
    void aConnectedNodeAndTheLastBatchSentShowInTheScrape() {
        cluster.set(new ClusterNode.Status(true, Instant.now()));
        channels.follow(Set.of("127.0.0.1:" + node.port()));
        Await.until(Await.LIMIT, "connected to the vote port", () -> value("meridian_agent_vote_nodes_connected") == 1);

        channels.accept(VoteBatch.all(VANTAGE, List.of()));
        Await.until(Await.LIMIT, "the batch counted as sent", () -> value("meridian_agent_vote_frames_sent_total") == 1);

        assertEquals(1, value("meridian_agent_cluster_connected"));
        double age = value("meridian_agent_votes_last_sent_age_seconds");
        assertTrue(age >= 0 && age < Await.LIMIT.toSeconds(), "sent moments ago, was " + age);
    }

    @Test
    void aNodeLostShowsAsNotConnectedAndItsBatchesAsDropped() {
        channels.follow(Set.of("127.0.0.1:" + node.port()));
        Await.until(Await.LIMIT, "connected to the vote port", () -> value("meridian_agent_vote_nodes_connected") == 1);

        node.close();
        Await.until(Await.LIMIT, "the lost node shows", () -> value("meridian_agent_vote_nodes_connected") == 0);
        channels.accept(VoteBatch.all(VANTAGE, List.of()));
        Await.until(Await.LIMIT, "the batch counted as dropped",
                () -> value("meridian_agent_vote_frames_dropped_total") == 1);
    }

    @Test
    void onlyMetricsAreServed() {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/api/v1/status").statusCode());
    }

    @Test
    void aMalformedMetricsAddressStopsTheAgentBeforeItStartsNamingTheValue() {
        java.io.StringWriter err = new java.io.StringWriter();
        int status = new picocli.CommandLine(new AgentMain()).setErr(new java.io.PrintWriter(err, true))
                .execute("--region", "eu", "--member", "127.0.0.1", "--metrics", "127.0.0.1:metrics");
        assertEquals(2, status);
        assertTrue(err.toString().startsWith("error: --metrics: '127.0.0.1:metrics'"), err.toString());
    }
}
