/**
 * DNSSEC for everything the server answers: zone keys in files shared by every node ({@link KeyFiles}), the
 * {@code dnssec keygen} and {@code dnssec ds} commands, and online signing as a stage of the query pipeline
 * ({@link SigningStage}): signatures come from a bounded, lock-free cache ({@link SignatureCache}) warmed off the
 * event loops with every static RRset and each GSLB target's answer; what is new is signed inline within a per-second
 * {@link SigningBudget}; denial of existence is compact (RFC 9824, {@link CompactDenial}).
 */
package dev.meridian.server.dnssec;
