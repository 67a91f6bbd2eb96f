/**
 * Response rate limiting, the pipeline's rate-limit stage: BIND's RRL design as NSD and Knot ship it. Replies are
 * counted in token buckets per client network × response class × query type × rcode group; over the rate, every
 * {@code slip}-th reply goes out truncated (so a real client retries over TCP) and the rest are dropped, so the
 * server cannot be used to reflect and amplify traffic at a spoofed source.
 */
package dev.meridian.server.dns.limit;
