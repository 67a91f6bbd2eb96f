/**
 * Latency routing's data on a DNS node: {@link dev.meridian.server.latency.LatencyRefresher} rebuilds the latency
 * snapshot from the cluster's latency map about once a second, off the query path, and swaps it for the pipeline;
 * {@link dev.meridian.server.latency.SampleBatchReader} validates real users' sample batches for the admin API's
 * ingest route. Depends on {@code serving} (regions and GeoIP of the serving configuration) and on the probes'
 * {@code latency} package.
 */
package dev.meridian.server.latency;
