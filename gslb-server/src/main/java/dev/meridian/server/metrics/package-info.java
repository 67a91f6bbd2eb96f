/**
 * Metrics in the Prometheus text format, through Micrometer: the query path's counters (bound once, read by array
 * index per query), the GSLB decisions (counted where they are made, bound as function counters per serving
 * snapshot), health, reloads, the cluster and the JVM. Labels come from bounded sets only: never a client address
 * or a query name.
 */
package dev.meridian.server.metrics;
