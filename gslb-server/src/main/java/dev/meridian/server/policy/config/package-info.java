/**
 * Policy files ({@code <zone>.policy.yaml}) become GSLB names: regions, endpoints and their checks, CIDR overrides,
 * and each name's chain, built from the step kinds {@link dev.meridian.server.policy.config.PolicyRegistry} knows.
 * Every mistake is reported with file, line and problem.
 */
package dev.meridian.server.policy.config;
