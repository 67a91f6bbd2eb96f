package dev.meridian.server;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code gslb-server --version} prints: the version the build wrote into the jar's manifest
 * ({@code Implementation-Version}), so it cannot drift from the pom.
 */
final class ServerVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ServerVersion.class.getPackage().getImplementationVersion();
        // Run from classes rather than the jar (tests, an IDE): there is no manifest to read.
        return new String[] {"gslb-server " + (version != null ? version : "(development build)")};
    }
}
