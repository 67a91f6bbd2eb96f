package dev.meridian.probes.check;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Bounds a check attempt by its timeout and turns however the attempt ends into a {@link CheckResult}. Client
 * timeouts (connect, idle) do not bound the whole exchange, so this timer is what keeps the checker's promise.
 */
final class Deadline {
    private Deadline() {
    }

    /**
     * The attempt's result, or {@link CheckResult.TimedOut} if it has none {@code timeout} after it started. A failed
     * attempt becomes {@link CheckResult.Failed} with its cause, or {@code TimedOut} if a client timeout caused it.
     */
    static Future<CheckResult> bound(Vertx vertx, Duration timeout, long startedNanos, Future<CheckResult> attempt) {
        Promise<CheckResult> result = Promise.promise();
        long remaining = timeout.toMillis() - (long) elapsedMillis(startedNanos);
        long timer = vertx.setTimer(Math.max(1, remaining), id -> result.tryComplete(new CheckResult.TimedOut()));
        attempt.onComplete(done -> {
            vertx.cancelTimer(timer);
            result.tryComplete(done.succeeded() ? done.result() : fromFailure(done.cause(), startedNanos));
        });
        return result.future();
    }

    /** Milliseconds since {@code startedNanos} ({@link System#nanoTime()}), with sub-millisecond precision. */
    static double elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000.0;
    }

    private static CheckResult fromFailure(Throwable cause, long startedNanos) {
        if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
            return new CheckResult.TimedOut();
        }
        String message = cause.getMessage();
        String reason = message == null ? cause.getClass().getSimpleName() : message;
        return new CheckResult.Failed(reason, elapsedMillis(startedNanos));
    }
}
