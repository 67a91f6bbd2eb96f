package dev.meridian.probes.check;

import dev.meridian.probes.plan.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** TCP checks: the endpoint is up if a connection opens; it is closed again at once, without sending anything. */
public final class TcpChecker implements Checker<CheckSpec.Tcp> {
    private final Vertx vertx;
    // A NetClient's connect timeout is fixed at creation, and a plan uses few distinct timeouts; one client each
    // lets the kernel give up on a silent host when the check does, instead of 60 s later.
    private final Map<Duration, NetClient> clientsByTimeout = new ConcurrentHashMap<>();

    public TcpChecker(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public Future<CheckResult> check(CheckSpec.Tcp spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timeout, "timeout");
        long started = System.nanoTime();
        Future<CheckResult> attempt = client(timeout).connect(spec.port(), spec.address()).map(socket -> {
            CheckResult ok = new CheckResult.Ok(Deadline.elapsedMillis(started));
            socket.close();
            return ok;
        });
        return Deadline.bound(vertx, timeout, started, attempt);
    }

    private NetClient client(Duration timeout) {
        return clientsByTimeout.computeIfAbsent(timeout, t -> vertx.createNetClient(
                new NetClientOptions().setConnectTimeout((int) Math.max(1, t.toMillis()))));
    }

    @Override
    public void close() {
        clientsByTimeout.values().forEach(NetClient::close);
        clientsByTimeout.clear();
    }
}
