/**
 * GSLB routing: each GSLB name runs a chain of small {@link dev.meridian.server.policy.RoutingPolicy} steps (health
 * filter, geofence, geoproximity, failover, weighted, consistent hash, multivalue, latency) over its endpoints and
 * answers with the ones that remain. Steps read the client's location and health through
 * {@link dev.meridian.server.policy.QueryContext} and narrow the ECS scope as they use the client address.
 */
package dev.meridian.server.policy;
