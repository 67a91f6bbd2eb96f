package dev.meridian.server.querylog;

import dev.meridian.server.dns.Answer;
import dev.meridian.server.dns.QueryObserver;
import dev.meridian.server.dns.query.ParsedQuery;
import dev.meridian.server.dns.query.Transport;
import dev.meridian.server.policy.GslbNames;
import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The query log as an observer of the pipeline. On the query thread it only decides whether a query is sampled and
 * hands the values it already has to the {@link QueryQueue}; formatting, rate limiting and the file are the
 * {@link QueryLogWriter}'s, on its own thread. Queries a stage chose not to answer (rate-limit drops) are not
 * logged: a flood is what the rate limiter is for, and the metrics count it.
 */
public final class QueryLog implements QueryObserver, AutoCloseable {
    private static final long STOP_MILLIS = 5_000;

    private final double sample;
    private final QueryQueue queue;
    private final QueryLogWriter writer;
    private final Thread thread;

    /**
     * Opens (or creates) the file and starts the writer thread.
     *
     * @throws java.io.IOException when the file cannot be opened for appending
     */
    public QueryLog(QueryLogOptions options, Supplier<GslbNames> gslb) throws java.io.IOException {
        Objects.requireNonNull(options, "options");
        this.sample = options.sample();
        this.queue = new QueryQueue(options.queue());
        this.writer = new QueryLogWriter(queue, options, Objects.requireNonNull(gslb, "gslb"));
        this.thread = new Thread(writer, "query-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onQuery(ParsedQuery query, InetAddress source, Answer answer, Transport transport, byte[] reply,
            long nanos) {
        if (reply == null || sample < 1 && ThreadLocalRandom.current().nextDouble() >= sample) {
            return;
        }
        queue.offer(new LoggedQuery(System.currentTimeMillis(), source, query, answer, transport, nanos));
    }

    @Override
    public boolean timesEveryQuery() {
        return true;
    }

    /** Lines written since start. */
    public long written() {
        return writer.written();
    }

    /** Queries dropped because the queue was full. */
    public long queueFull() {
        return queue.dropped();
    }

    /** Sampled queries not written because the second's lines were already written. */
    public long rateLimited() {
        return writer.rateLimited();
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        writer.stop();
        try {
            thread.join(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
