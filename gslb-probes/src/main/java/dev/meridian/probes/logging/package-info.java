/**
 * How both programs log by default: one line per event with an RFC 3339 UTC timestamp, stack traces folded into the
 * line, and Hazelcast's banner and multi-line cluster tables left out. An operator's own
 * {@code java.util.logging} configuration replaces all of it.
 */
package dev.meridian.probes.logging;
