package dev.meridian.server.health;

import dev.meridian.probes.health.EventLog;
import dev.meridian.probes.health.FailoverEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event log the aggregator writes to, with each event also handed to an observer (the notifications) on the
 * health thread; the observer must return at once. An observer that throws loses its event, never the log's.
 */
final class ObservedEventLog implements EventLog {
    private static final System.Logger LOG = System.getLogger(ObservedEventLog.class.getName());

    private final EventLog log;
    private final Consumer<FailoverEvent> observer;

    ObservedEventLog(EventLog log, Consumer<FailoverEvent> observer) {
        this.log = log;
        this.observer = observer;
    }

    @Override
    public void append(FailoverEvent event) {
        log.append(event);
        try {
            observer.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "health event not passed on: " + event.subject(), e);
        }
    }

    @Override
    public List<FailoverEvent> newestFirst(int limit) {
        return log.newestFirst(limit);
    }
}
