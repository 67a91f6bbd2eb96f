package dev.meridian.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meridian.server.admin.AdminToken.Access;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/openapi.yaml and the router describe the same API: every route documented, every documented route served. */
class OpenApiDocumentsEveryRouteTest {
    /** The keys of an OpenAPI path item that are operations; the others (parameters, summary) are not routes. */
    private static final java.util.Set<String> HTTP_METHODS = java.util.Set.of("get", "put", "post", "delete", "patch");

    @Test
    void theDocumentAndTheRouterListTheSameRoutes() throws Exception {
        Map<String, Object> document = new Yaml().load(Files.readString(Path.of("../docs/openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        List<String> documented = new ArrayList<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(HTTP_METHODS::contains)
                .forEach(m -> documented.add(m.toUpperCase() + " " + path.replaceAll("\\{([^}]+)}", ":$1"))));
        documented.sort(null);

        Vertx vertx = Vertx.vertx();
        try {
            AdminServer server = AdminServer.start(vertx,
                    AdminOptions.loopback(0, List.of(AdminToken.of("t", Access.READ_ONLY, "secret"))), new IdleNode())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(documented, server.routes());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** A node no route is called on: the router's shape does not depend on it. */
    private static final class IdleNode implements AdminNode {
        @Override
        public String identity() {
            return "idle";
        }

        @Override
        public dev.meridian.server.serving.ConfigVersion configuration() {
            return new dev.meridian.server.serving.ConfigVersion("0", Instant.EPOCH);
        }

        @Override
        public dev.meridian.server.serving.ReloadResult lastReload() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.server.health.HealthReport health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String metricsText() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.server.latency.LatencyRefresher latency() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changed(String action, String target, String token) {
        }

        @Override
        public java.util.List<io.vertx.core.json.JsonObject> clusterNodes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.probes.cluster.SharedLines audit() {
            return new dev.meridian.probes.cluster.InMemorySharedLines(1);
        }

        @Override
        public dev.meridian.server.anycast.Announcer anycast() {
            return null;
        }

        @Override
        public dev.meridian.server.dnssec.SigningStage signing() {
            return null;
        }

        @Override
        public dev.meridian.probes.health.EventLog events() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.List<dev.meridian.probes.observe.Observation> votesFor(String healthKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.probes.health.EndpointHealth observed(String healthKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Map<String, java.time.Instant> vantagesLastHeard() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.server.control.OverlayStore overlays() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void applyOverlays() {
        }

        @Override
        public dev.meridian.server.serving.ServingSnapshot trial(org.xbill.DNS.Name name, java.nio.file.Path policy) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.server.policy.GslbNames gslb() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.server.request.HealthTable table() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.meridian.server.request.HealthTable assuming(dev.meridian.server.control.Overlays overlays) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] explain(byte[] query, java.net.InetAddress source,
                dev.meridian.server.request.ChainTrace trace, dev.meridian.server.request.HealthTable table) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<dev.meridian.server.serving.ReloadResult> reload(String trigger) {
            throw new UnsupportedOperationException();
        }
    }
}
