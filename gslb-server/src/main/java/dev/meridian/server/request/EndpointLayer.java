package dev.meridian.server.request;

/**
 * What is compiled into the health table beside health: the weight in force and a slow start's ramp, by health key.
 * Read once per compile, never per query.
 */
public interface EndpointLayer {
    /** The configured weights, no slow start. */
    EndpointLayer NONE = new EndpointLayer() {
        @Override
        public int weight(String healthKey) {
            return -1;
        }

        @Override
        public long rampStartMillis(String healthKey) {
            return 0;
        }

        @Override
        public long rampEndMillis(String healthKey) {
            return 0;
        }
    };

    /** The weight in force instead of the configured one, or a negative number for the configured one. */
    int weight(String healthKey);

    /** When the endpoint's slow start began (epoch milliseconds), or 0 for none. */
    long rampStartMillis(String healthKey);

    /** When it reaches its full share (epoch milliseconds); not after {@link #rampStartMillis} means none. */
    long rampEndMillis(String healthKey);
}
