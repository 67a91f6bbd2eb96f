/**
 * Server configuration: the YAML file and command-line overrides become one immutable {@link
 * dev.meridian.server.config.ServerConfig} at start-up; every error names the file, line and problem.
 */
package dev.meridian.server.config;
