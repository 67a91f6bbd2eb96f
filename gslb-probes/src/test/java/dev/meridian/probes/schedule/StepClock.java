package dev.meridian.probes.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one millisecond forward each time it is read, so every reading is distinct and predictable. */
final class StepClock extends Clock {
    private final AtomicLong millis = new AtomicLong();

    @Override
    public long millis() {
        return millis.incrementAndGet();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
