package dev.meridian.probes.agent;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code gslb-agent --version} prints: the version the build wrote into the jar's manifest
 * ({@code Implementation-Version}), so it cannot drift from the pom.
 */
final class AgentVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        // Run from classes rather than the jar (tests, an IDE): there is no manifest to read.
        return new String[] {"gslb-agent " + (version != null ? version : "(development build)")};
    }
}
