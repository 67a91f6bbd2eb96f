/**
 * The vote path: how an agent's verdicts reach every DNS node it can reach. An agent's
 * {@link dev.meridian.probes.vote.VotePublisher} sends a batch when verdicts change and a heartbeat with every vote
 * once per check interval; {@link dev.meridian.probes.vote.VoteChannels} keeps one TCP connection to each DNS node's
 * vote port (learned from the nodes' check plans) and writes each batch to all of them;
 * {@link dev.meridian.probes.vote.VoteServer} on the node decodes a frame and hands the whole batch to the health
 * aggregator. Votes do not go through Hazelcast: a split of the DNS tier, or a node the others think dead, does not
 * keep an agent's votes from a node it can reach, and traffic grows with changes, not with checks.
 */
package dev.meridian.probes.vote;
