/**
 * GSLB routing: each GSLB name runs a chain of small {@link dev.meridian.server.policy.RoutingPolicy} steps (health
 * filter, geofence, geoproximity, failover, weighted, consistent hash, multivalue, latency) over its endpoints and
 * answers with the ones that remain. Steps read the client's location and health through
 * {@link dev.meridian.server.request.QueryContext}; each returns, with its targets, the client prefix it looked at,
 * and the widest of those is the answer's ECS scope. A
 * {@link dev.meridian.server.policy.GslbName} is a {@link dev.meridian.server.zone.DynamicNode} of its zone;
 * {@link dev.meridian.server.policy.GslbNames} gathers a configuration's names for the check plan and forced health.
 */
package dev.meridian.server.policy;
