package dev.meridian.probes.check;

import dev.meridian.probes.plan.CheckSpec;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Runs checks of one kind.
 *
 * @param <S> the kind of check spec it understands
 */
@FunctionalInterface
public interface Checker<S extends CheckSpec> extends AutoCloseable {
    /**
     * Probes the endpoint once without blocking the calling thread.
     *
     * @return a future that always succeeds, with {@link CheckResult.TimedOut} at the latest once {@code timeout}
     *     has passed; failures to connect or parse become {@link CheckResult.Failed}
     */
    Future<CheckResult> check(S spec, Duration timeout);

    /** Releases the clients this checker holds; by default it holds none. */
    @Override
    default void close() {
    }
}
