package dev.meridian.probes.check;

import dev.meridian.probes.plan.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/** The registry of checkers: one per kind of {@link CheckSpec}, chosen by the spec's type. */
public final class Checkers implements AutoCloseable {
    private final Checker<CheckSpec.Http> http;
    private final Checker<CheckSpec.Tcp> tcp;
    private final Checker<CheckSpec.Dns> dns;

    public Checkers(Checker<CheckSpec.Http> http, Checker<CheckSpec.Tcp> tcp, Checker<CheckSpec.Dns> dns) {
        this.http = Objects.requireNonNull(http, "http");
        this.tcp = Objects.requireNonNull(tcp, "tcp");
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** The real checkers, sharing {@code vertx}'s event loops. */
    public static Checkers create(Vertx vertx) {
        Objects.requireNonNull(vertx, "vertx");
        return new Checkers(new HttpChecker(vertx), new TcpChecker(vertx), new DnsChecker(vertx));
    }

    /** Runs the check {@code spec} describes with the checker for its kind; see {@link Checker#check}. */
    public Future<CheckResult> check(CheckSpec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(timeout, "timeout");
        if (spec instanceof CheckSpec.Http h) {
            return http.check(h, timeout);
        }
        if (spec instanceof CheckSpec.Tcp t) {
            return tcp.check(t, timeout);
        }
        if (spec instanceof CheckSpec.Dns d) {
            return dns.check(d, timeout);
        }
        // Unreachable while CheckSpec is sealed; Java 17 cannot prove it without pattern-matching switch.
        throw new IllegalArgumentException("no checker for " + spec.getClass().getName());
    }

    @Override
    public void close() {
        http.close();
        tcp.close();
        dns.close();
    }
}
