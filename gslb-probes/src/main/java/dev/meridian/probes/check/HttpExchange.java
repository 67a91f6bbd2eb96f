package dev.meridian.probes.check;

import dev.meridian.probes.plan.CheckSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP check from request to verdict. The verdict comes as soon as it is known (a status outside the range, or
 * the expected text found, or {@value HttpChecker#BODY_SEARCH_LIMIT} bytes read without it), and {@link #end()} then
 * resets the request, which closes its connection: a server that stalls or streams cannot hold a check open.
 */
final class HttpExchange {
    private final CheckSpec.Http spec;
    private final long startedNanos;
    private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    private volatile boolean over;

    HttpExchange(CheckSpec.Http spec, long startedNanos) {
        this.spec = spec;
        this.startedNanos = startedNanos;
    }

    Future<CheckResult> run(HttpClient client, RequestOptions options) {
        return client.request(options).compose(this::send).compose(this::judge);
    }

    /** Ends the exchange, whether or not it has a verdict: a request still open is reset, closing its connection. */
    void end() {
        over = true;
        HttpClientRequest sent = request.get();
        if (sent != null) {
            sent.reset();
        }
    }

    private Future<HttpClientResponse> send(HttpClientRequest created) {
        request.set(created);
        // The request may come out of the pool after the check has already timed out.
        if (over) {
            created.reset();
            return Future.failedFuture("check ended before the request was sent");
        }
        return created.send();
    }

    private Future<CheckResult> judge(HttpClientResponse response) {
        // Once there is a verdict, the reset that ends the exchange surfaces here; it changes nothing.
        response.exceptionHandler(afterVerdict -> { });
        int status = response.statusCode();
        if (status < spec.statusMin() || status > spec.statusMax()) {
            return Future.succeededFuture(new CheckResult.Failed(
                    "status " + status + ", expected " + spec.statusMin() + "-" + spec.statusMax(), rtt()));
        }
        if (spec.bodyContains() == null) {
            return Future.succeededFuture(new CheckResult.Ok(rtt()));
        }
        Promise<CheckResult> verdict = Promise.promise();
        Buffer prefix = Buffer.buffer();
        response.handler(chunk -> {
            int room = HttpChecker.BODY_SEARCH_LIMIT - prefix.length();
            prefix.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            if (containsText(prefix)) {
                verdict.tryComplete(new CheckResult.Ok(rtt()));
            } else if (prefix.length() == HttpChecker.BODY_SEARCH_LIMIT) {
                verdict.tryComplete(missingText());
            }
        });
        response.endHandler(end -> verdict.tryComplete(containsText(prefix) ? new CheckResult.Ok(rtt()) : missingText()));
        response.exceptionHandler(verdict::tryFail);
        return verdict.future();
    }

    private boolean containsText(Buffer prefix) {
        return prefix.toString(StandardCharsets.UTF_8).contains(spec.bodyContains());
    }

    private CheckResult missingText() {
        return new CheckResult.Failed("body lacks \"" + spec.bodyContains() + "\" in its first "
                + HttpChecker.BODY_SEARCH_LIMIT + " bytes", rtt());
    }

    private double rtt() {
        return Deadline.elapsedMillis(startedNanos);
    }
}
