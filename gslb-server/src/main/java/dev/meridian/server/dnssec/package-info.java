/**
 * DNSSEC for everything the server answers: zone keys in files shared by every node ({@link KeyFiles}), the
 * {@code dnssec keygen}, {@code ds} and {@code rollover-zsk} commands, and online signing as a stage of the query
 * pipeline ({@link SigningStage}): signatures come from a bounded, lock-free cache ({@link SignatureCache}) warmed off
 * the event loops with every static RRset and each GSLB target's answer; what is new is signed inline within a
 * per-second {@link SigningBudget}; denial of existence is compact (RFC 9824, {@link CompactDenial}). Keys carry
 * BIND's key timing ({@link KeyTiming}), and each zone's signers over time ({@link KeyTimeline}) carry out the ZSK
 * rollover by pre-publication that {@code dnssec rollover-zsk} plans ({@link ZskRollover}).
 */
package dev.meridian.server.dnssec;
