package dev.meridian.server.dns.query;

/** How a query arrived; it decides how large the reply may be. */
public enum Transport {
    UDP,
    TCP
}
