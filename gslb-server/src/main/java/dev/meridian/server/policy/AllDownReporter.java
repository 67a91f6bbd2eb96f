package dev.meridian.server.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Logs the GSLB names that answered with every candidate down since the last report. The query path only counts
 * (a {@code LongAdder} per chain); writing the log line happens here, off the query path, at most once per period.
 */
public final class AllDownReporter {
    private static final System.Logger LOG = System.getLogger(AllDownReporter.class.getName());

    private final Supplier<? extends Iterable<GslbName>> names;
    private final Map<GslbName, Long> reported = new HashMap<>();

    /** @param names the GSLB names being served now (read again at every report, so reloads are followed) */
    public AllDownReporter(Supplier<? extends Iterable<GslbName>> names) {
        this.names = names;
    }

    /** Logs one warning per name whose all-down count grew; returns those names. Called from one thread. */
    public List<GslbName> report() {
        List<GslbName> grown = new java.util.ArrayList<>();
        Map<GslbName, Long> seen = new HashMap<>();
        for (GslbName name : names.get()) {
            long count = name.chain().allDownAnswers();
            seen.put(name, count);
            long before = reported.getOrDefault(name, 0L);
            if (count > before) {
                grown.add(name);
                LOG.log(System.Logger.Level.WARNING,
                        "{0}: every candidate was down for {1} answer(s); answered by all-down mode {2}",
                        name.name(), count - before, name.chain().allDownMode().getClass().getSimpleName());
            }
        }
        reported.clear();
        reported.putAll(seen);
        return grown;
    }
}
