/** Observations: each agent's per-endpoint verdict, the unit the cluster shares and the health view aggregates. */
package dev.meridian.probes.observe;
