/**
 * The health view that routing policies read: per-endpoint health states and measured latencies, each an immutable
 * snapshot. Fed by configuration now and by the probe fleet later.
 */
package dev.meridian.probes.health;
