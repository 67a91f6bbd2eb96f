package dev.meridian.server.querylog;

import dev.meridian.server.policy.GslbNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one thread that writes the query log: it takes queries from the queue, holds the lines to the configured
 * rate (per wall-clock second; the rest are counted), and appends them to the file, flushing whenever the queue is
 * empty. The file is opened for appending, so {@code logrotate}'s {@code copytruncate} works.
 */
final class QueryLogWriter implements Runnable {
    private static final System.Logger LOG = System.getLogger(QueryLogWriter.class.getName());
    /** How long the writer sleeps when there is nothing to write: a line waits at most this long. */
    private static final long IDLE_NANOS = 20_000_000;

    private final QueryQueue queue;
    private final BufferedWriter out;
    private final QueryLogOptions options;
    private final Supplier<GslbNames> gslb;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;
    private Regions regions;
    private long second = -1;
    private int inSecond;

    /** Opens the file, so a start-up fails at once on a file it cannot write. */
    QueryLogWriter(QueryQueue queue, QueryLogOptions options, Supplier<GslbNames> gslb) throws IOException {
        this.queue = queue;
        this.out = Files.newBufferedWriter(options.file(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        this.options = options;
        this.gslb = gslb;
    }

    @Override
    public void run() {
        try (out) {
            while (running || queue.size() > 0) {
                LoggedQuery next = queue.poll();
                if (next == null) {
                    out.flush();
                    LockSupport.parkNanos(IDLE_NANOS);
                    continue;
                }
                write(next);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "query log: cannot write {0}: {1}; the query log is off until a "
                    + "restart", options.file(), e.getMessage());
        }
    }

    private void write(LoggedQuery query) throws IOException {
        long now = query.epochMillis() / 1000;
        if (now != second) {
            second = now;
            inSecond = 0;
        }
        if (++inSecond > options.maxPerSecond()) {
            rateLimited.incrementAndGet();
            return;
        }
        GslbNames current = gslb.get();
        if (regions == null || !regions.of(current)) {
            regions = new Regions(current);
        }
        String line;
        try {
            line = QueryLogLine.format(query, regions);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "query log: a query could not be formatted", e);
            return;
        }
        out.write(line);
        out.write('\n');
        written.incrementAndGet();
    }

    long written() {
        return written.get();
    }

    long rateLimited() {
        return rateLimited.get();
    }

    /** Writes what is queued, then stops. */
    void stop() {
        running = false;
    }
}
