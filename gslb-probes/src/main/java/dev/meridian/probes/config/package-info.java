/**
 * Configuration both programs read the same way: {@link dev.meridian.probes.config.YamlNode}, the line-aware YAML
 * reader behind the server's file, the agent's file and the policy files, whose errors are one line
 * ({@link dev.meridian.probes.config.ConfigException}: file, line, problem); {@link
 * dev.meridian.probes.config.HostPort} for listen addresses and cluster members, literals only; {@link
 * dev.meridian.probes.config.ClusterOptions} for the cluster's flags and keys; {@link
 * dev.meridian.probes.config.Durations} for durations as operators write them.
 */
package dev.meridian.probes.config;
