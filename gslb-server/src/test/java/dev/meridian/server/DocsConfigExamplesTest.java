package dev.meridian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.meridian.probes.agent.AgentOptions;
import dev.meridian.probes.config.ConfigException;
import dev.meridian.server.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The configuration examples of {@code README.md} and {@code docs/*.md}: each {@code ```yaml} block there is marked
 * {@code server-config} or {@code agent-config} and loads with the real loader, and the README's server example passes
 * {@code check-config} once the lines it marks {@code adapt:} name files of this checkout. So the docs cannot drift
 * from the keys the programs accept. (Policy and check examples are {@code PolicyDocsExamplesTest}'s.)
 */
class DocsConfigExamplesTest {
    /** Relative to the gslb-server module, the directory tests run in. */
    private static final Path ROOT = Path.of("..");
    private static final Pattern YAML_BLOCK = Pattern.compile("^```yaml([^\\n]*)\\n(.*?)^```[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern ADAPT = Pattern.compile("^(\\s*)([\\w-]+):.*#\\s*adapt:.*$");
    private static final String SERVER = "server-config";
    private static final String AGENT = "agent-config";

    @TempDir
    Path dir;

    /** A fenced YAML block: its page, the line its text starts on, and its marker. */
    record Block(Path page, int firstLine, String marker, String text) {
        @Override
        public String toString() {
            return ROOT.relativize(page) + " line " + firstLine;
        }
    }

    static Stream<Block> serverExamples() throws IOException {
        return blocks().stream().filter(b -> b.marker().equals(SERVER));
    }

    static Stream<Block> agentExamples() throws IOException {
        return blocks().stream().filter(b -> b.marker().equals(AGENT));
    }

    @Test
    void everyYamlBlockIsMarkedAsServerOrAgentConfig() throws IOException {
        for (Block block : blocks()) {
            assertTrue(block.marker().equals(SERVER) || block.marker().equals(AGENT),
                    block + ": a ```yaml block here is a configuration example; mark it ```yaml " + SERVER + " or "
                            + "```yaml " + AGENT + " so it is loaded, got '" + block.marker() + "'");
        }
    }

    @Test
    void theDocsHaveBothKindsOfExample() throws IOException {
        assertTrue(serverExamples().anyMatch(b -> b.page().endsWith("README.md")), "README.md has no server example");
        assertTrue(agentExamples().findAny().isPresent(), "no agent example in README.md or docs/*.md");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverExamples")
    void serverExampleLoads(Block block) throws IOException {
        Path file = write(block);
        try {
            ConfigLoader.load(file, ConfigLoader.Overrides.NONE);
        } catch (ConfigException e) {
            fail(block + " does not load: " + e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentExamples")
    void agentExampleLoadsAndIsComplete(Block block) throws IOException {
        Path file = write(block);
        try {
            assertNull(AgentOptions.read(file).missing(), block + " is not enough to start an agent");
        } catch (ConfigException e) {
            fail(block + " does not load: " + e.getMessage(), e);
        }
    }

    @Test
    void readmeServerExamplePassesCheckConfigWithOnlyItsMarkedLinesAdapted() throws IOException {
        List<Block> readme = serverExamples().filter(b -> b.page().endsWith("README.md")).toList();
        assertFalse(readme.isEmpty(), "README.md has no server example");
        for (Block block : readme) {
            assertTrue(block.text().lines().anyMatch(l -> ADAPT.matcher(l).matches()),
                    block + " marks no line adapt: that names a file of the reader's machine");
            Path file = write(block);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int status = cli.execute("check-config", "--config", file.toString());
            assertEquals(0, status, block + ": check-config said " + err + out);
            assertTrue(out.toString().contains("configuration OK"), out.toString());
        }
    }

    /** The block's text with each {@code adapt:} line's value replaced by this checkout's file; written to a file. */
    private Path write(Block block) throws IOException {
        Map<String, String> local = Map.of(
                "zones", ROOT.resolve("zones").toAbsolutePath().normalize().toString(),
                "geoip", ROOT.resolve("geo-data/demo-city.mmdb").toAbsolutePath().normalize().toString(),
                "state-file", dir.resolve("health.state").toString(),
                "file", Files.writeString(dir.resolve("admin.token"), "example-token\n").toString(),
                "secret-file", Files.writeString(dir.resolve("webhook.secret"), "example-secret\n").toString(),
                "keys", Files.createDirectories(dir.resolve("keys")).toString());
        StringBuilder text = new StringBuilder();
        for (String line : block.text().split("\n", -1)) {
            Matcher m = ADAPT.matcher(line);
            if (m.matches()) {
                String value = local.get(m.group(2));
                assertTrue(value != null,
                        block + ": this test cannot adapt the line '" + line + "'; it knows " + local.keySet());
                line = m.group(1) + m.group(2) + ": " + value;
            }
            text.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("example.yaml"), text);
    }

    private static List<Block> blocks() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Block> out = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher m = YAML_BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start(2)).chars().filter(c -> c == '\n').count() + 1;
                out.add(new Block(page, line, m.group(1).strip(), m.group(2)));
            }
        }
        return out;
    }
}
