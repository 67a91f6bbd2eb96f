package dev.meridian.server.metrics;

import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.GslbNames;
import dev.meridian.server.policy.Region;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The GSLB decisions of the serving snapshot: answers by name and region, and answers given with every candidate
 * down, by name and all-down mode. The names count for themselves (an adder each, on the query path); this binds
 * function counters that read them when scraped, again for each new snapshot. Names come from configuration, so the
 * label sets are bounded; beyond {@link #MAX_SERIES} name × region pairs the rest are not exported (logged once per
 * bind), so a configuration of a hundred thousand names cannot blow up a scrape.
 */
public final class GslbMetrics {
    private static final System.Logger LOG = System.getLogger(GslbMetrics.class.getName());
    static final int MAX_SERIES = 10_000;

    private final MeterRegistry registry;
    private List<Meter> bound = List.of();

    public GslbMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Replaces the meters of the previous snapshot by those of {@code names}; their counts start again from 0. */
    public synchronized void bind(GslbNames names) {
        bound.forEach(registry::remove);
        List<Meter> meters = new ArrayList<>();
        int series = 0;
        int skipped = 0;
        for (GslbName name : names.all()) {
            String label = name.name().toString();
            for (Region region : name.regions()) {
                if (series++ >= MAX_SERIES) {
                    skipped++;
                    continue;
                }
                meters.add(FunctionCounter.builder("meridian.gslb.answers", name, n -> n.answersFor(region))
                        .description("GSLB answers naming each region first, since the configuration was loaded")
                        .tag("name", label).tag("region", region.name()).register(registry));
            }
            meters.add(FunctionCounter.builder("meridian.gslb.all.down", name.chain(), c -> c.allDownAnswers())
                    .description("GSLB answers given with every candidate down, by the name's all-down mode")
                    .tag("name", label).tag("mode", name.chain().allDownMode().configName()).register(registry));
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, "metrics: {0} GSLB name × region series not exported (the limit "
                    + "is {1})", skipped, MAX_SERIES);
        }
        bound = meters;
    }
}
