package dev.meridian.server.policy.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.server.config.ConfigException;
import dev.meridian.server.policy.ConsistentHashPolicy;
import dev.meridian.server.policy.FailoverPolicy;
import dev.meridian.server.policy.GeoProximityPolicy;
import dev.meridian.server.policy.GeofencePolicy;
import dev.meridian.server.policy.GslbName;
import dev.meridian.server.policy.HealthFilter;
import dev.meridian.server.policy.LatencyPolicy;
import dev.meridian.server.policy.MultivaluePolicy;
import dev.meridian.server.policy.WeightedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/**
 * The policy pages under {@code docs/policies}: every YAML example on them is a whole policy file that loads, and
 * every kind of step the registry knows has a page whose example uses it, so the docs cannot drift from the code.
 */
class PolicyDocsExamplesTest {
    /** Relative to the gslb-server module, the directory tests run in. */
    private static final Path DOCS = Path.of("../docs/policies");
    private static final Name ORIGIN = Name.fromConstantString("gslb.example.");
    private static final Pattern YAML_BLOCK = Pattern.compile("^```yaml[ \\t]*\\n(.*?)^```[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern KNOWN = Pattern.compile("known: \\[([^\\]]*)\\]");

    /** The step kinds this test can name at compile time; the registry may know more, and then they need pages too. */
    private static final List<String> STEP_NAMES = List.of(HealthFilter.NAME, GeofencePolicy.NAME,
            GeoProximityPolicy.NAME, FailoverPolicy.NAME, WeightedPolicy.NAME, ConsistentHashPolicy.NAME,
            MultivaluePolicy.NAME, LatencyPolicy.NAME);

    @TempDir
    Path dir;

    /** A fenced YAML block of a page, and the line of the page it starts on. */
    private record Block(String text, int firstLine) {
    }

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path page : pages()) {
            int count = blocks(page).size();
            for (int i = 0; i < count; i++) {
                out.add(Arguments.of(page.getFileName().toString(), i));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} yaml block {1} loads")
    @MethodSource("examples")
    void yamlExampleIsAPolicyFileThatLoads(String page, int index) throws IOException {
        Block block = blocks(DOCS.resolve(page)).get(index);
        Path file = Files.writeString(dir.resolve("gslb.example.policy.yaml"), block.text());
        List<GslbName> names;
        try {
            names = PolicyFileLoader.load(file, ORIGIN);
        } catch (ConfigException e) {
            // The loader's line is within the block; the block's text starts on the line after its fence.
            throw new AssertionError("docs/policies/" + page + " yaml block " + index + " (its line 1 is line "
                    + block.firstLine() + " of the page) does not load: " + e.getMessage(), e);
        }
        assertFalse(names.isEmpty(), "docs/policies/" + page + " yaml block " + index + " declares no names");
    }

    @Test
    void everyRegisteredStepKindHasAPageWhoseExampleUsesIt() throws IOException {
        for (String kind : registeredKinds()) {
            Path page = DOCS.resolve(kind + ".md");
            assertTrue(Files.isRegularFile(page), "step kind '" + kind + "' has no page " + page);
            List<Block> blocks = blocks(page);
            assertFalse(blocks.isEmpty(), page + " has no ```yaml example");
            boolean used = false;
            for (Block block : blocks) {
                Path file = Files.writeString(dir.resolve("gslb.example.policy.yaml"), block.text());
                try {
                    used |= PolicyFileLoader.load(file, ORIGIN).stream()
                            .flatMap(n -> n.chain().steps().stream())
                            .anyMatch(step -> step.kind().equals(kind));
                } catch (ConfigException e) {
                    // A block that does not load is reported, with its page and line, by the parameterized test.
                }
            }
            assertTrue(used, page + " has no example that uses '" + kind + "'");
        }
    }

    @Test
    void readmeHasACompleteExample() throws IOException {
        assertFalse(blocks(DOCS.resolve("README.md")).isEmpty(), "docs/policies/README.md has no ```yaml example");
    }

    /**
     * The registry's kinds, read from its own error message for an unknown kind, so a kind added there without a
     * page fails this test; cross-checked against the {@code NAME} constants so a changed message cannot hide them.
     */
    private Set<String> registeredKinds() throws IOException {
        Path file = Files.writeString(dir.resolve("unknown.policy.yaml"), """
                regions:
                  r:
                    endpoints:
                      lb: {addresses: [192.0.2.1]}
                names:
                  www: {policy: no-such-step}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyFileLoader.load(file, ORIGIN));
        Matcher m = KNOWN.matcher(e.getMessage());
        assertTrue(m.find(), "the registry's error no longer lists the known kinds: " + e.getMessage());
        Set<String> kinds = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(kinds.containsAll(STEP_NAMES), "registry lists " + kinds + ", expected at least " + STEP_NAMES);
        return kinds;
    }

    private static List<Path> pages() throws IOException {
        assertTrue(Files.isDirectory(DOCS), DOCS.toAbsolutePath() + " is not a directory");
        try (Stream<Path> files = Files.list(DOCS)) {
            List<Path> pages = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
            assertFalse(pages.isEmpty(), "no pages in " + DOCS.toAbsolutePath());
            return pages;
        }
    }

    private static List<Block> blocks(Path page) throws IOException {
        String text = Files.readString(page);
        List<Block> out = new ArrayList<>();
        Matcher m = YAML_BLOCK.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
            out.add(new Block(m.group(1), line));
        }
        return out;
    }
}
