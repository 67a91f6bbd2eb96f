package dev.meridian.server.policy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.server.policy.EndpointIndex;
import dev.meridian.server.policy.Endpoint;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * The policy pages under {@code docs/policies} and the check pages under {@code docs/checks}: every YAML example on
 * them is a whole policy file that loads; every kind of step the registry knows has a page whose example uses it;
 * every endpoint a check page's example gives a {@code check:} gets a check of the kind that page is about; and every
 * check type the policy loader accepts has a page whose example uses it. So the docs cannot drift from the code.
 */
class PolicyDocsExamplesTest {
    /** Relative to the gslb-server module, the directory tests run in. */
    private static final Path DOCS = Path.of("../docs/policies");
    private static final Path CHECK_DOCS = Path.of("../docs/checks");
    private static final Name ORIGIN = Name.fromConstantString("gslb.example.");
    private static final Pattern YAML_BLOCK = Pattern.compile("^```yaml[ \\t]*\\n(.*?)^```[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern KNOWN = Pattern.compile("known: \\[([^\\]]*)\\]");
    private static final Pattern CHECK_TYPES = Pattern.compile("unknown check type '[^']*'; expected (.*)$");

    /** The step kinds this test can name at compile time; the registry may know more, and then they need pages too. */
    private static final List<String> STEP_NAMES = List.of(HealthFilter.NAME, GeofencePolicy.NAME,
            GeoProximityPolicy.NAME, FailoverPolicy.NAME, WeightedPolicy.NAME, ConsistentHashPolicy.NAME,
            MultivaluePolicy.NAME, LatencyPolicy.NAME);

    /** The check types this test knows how to recognise in a loaded {@link CheckSpec}; see {@link #typeOf}. */
    private static final List<String> CHECK_TYPE_NAMES = List.of("http", "https", "tcp", "dns");

    @TempDir
    Path dir;

    /** A fenced YAML block of a page, and the line of the page it starts on. */
    private record Block(String text, int firstLine) {
    }

    static Stream<Arguments> examples() throws IOException {
        return examplesIn(DOCS);
    }

    static Stream<Arguments> checkExamples() throws IOException {
        return examplesIn(CHECK_DOCS);
    }

    private static Stream<Arguments> examplesIn(Path docs) throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path page : pages(docs)) {
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
            names = PolicyFileLoader.load(file, ORIGIN, new EndpointIndex());
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
                    used |= PolicyFileLoader.load(file, ORIGIN, new EndpointIndex()).stream()
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
     * A check page's example loads, and each endpoint it gives a {@code check:} (its own or its region's) is used by a
     * name and carries a check of a type the page is about ({@code http.md}: http and https; the README: any).
     */
    @ParameterizedTest(name = "{0} yaml block {1} loads with its checks")
    @MethodSource("checkExamples")
    void checkExampleLoadsAndChecksTheEndpointsItSays(String page, int index) throws IOException {
        Block block = blocks(CHECK_DOCS.resolve(page)).get(index);
        String where = "docs/checks/" + page + " yaml block " + index + " (its line 1 is line " + block.firstLine()
                + " of the page)";
        Map<String, Endpoint> loaded = loadedEndpoints(block, where);
        Map<String, Boolean> declared = declaredChecks(block, where);
        Set<String> types = page.equals("README.md") ? Set.copyOf(checkTypes()) : typesOfPage(page);
        assertFalse(types.isEmpty(), "docs/checks/" + page + " is not the page of any check type " + checkTypes());
        int checked = 0;
        for (Map.Entry<String, Boolean> e : declared.entrySet()) {
            Endpoint endpoint = loaded.get(e.getKey());
            if (!e.getValue()) {
                if (endpoint != null) {
                    assertNull(endpoint.check(), where + ": endpoint " + e.getKey() + " has no check: but got one");
                }
                continue;
            }
            assertNotNull(endpoint, where + ": endpoint " + e.getKey() + " has a check: but no name uses it, so it "
                    + "would never be checked");
            assertNotNull(endpoint.check(),
                    where + ": endpoint " + e.getKey() + " has a check: but loaded without one");
            String type = typeOf(endpoint.check().spec());
            assertTrue(types.contains(type), where + ": endpoint " + e.getKey() + " is checked by " + type
                    + ", but this page is about " + types);
            checked++;
        }
        assertTrue(checked > 0, where + " checks no endpoint");
    }

    @Test
    void everyCheckTypeHasAPageWhoseExampleUsesIt() throws IOException {
        for (String type : checkTypes()) {
            Path page = CHECK_DOCS.resolve(pageOf(type) + ".md");
            assertTrue(Files.isRegularFile(page), "check type '" + type + "' has no page " + page);
            List<Block> blocks = blocks(page);
            assertFalse(blocks.isEmpty(), page + " has no ```yaml example");
            boolean used = false;
            for (Block block : blocks) {
                try {
                    used |= loadedEndpoints(block, page.toString()).values().stream()
                            .anyMatch(e -> e.check() != null && typeOf(e.check().spec()).equals(type));
                } catch (AssertionError e) {
                    // A block that does not load is reported, with its page and line, by the parameterized test.
                }
            }
            assertTrue(used, page + " has no example with a '" + type + "' check");
        }
    }

    @Test
    void checksReadmeHasACompleteExample() throws IOException {
        assertFalse(blocks(CHECK_DOCS.resolve("README.md")).isEmpty(), "docs/checks/README.md has no ```yaml example");
    }

    /** The page that documents a check type: its own, except https, which shares http's. */
    private static String pageOf(String type) {
        return type.equals("https") ? "http" : type;
    }

    /** The check types a page documents. */
    private Set<String> typesOfPage(String page) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String type : checkTypes()) {
            if ((pageOf(type) + ".md").equals(page)) {
                out.add(type);
            }
        }
        return out;
    }

    private static String typeOf(CheckSpec spec) {
        if (spec instanceof CheckSpec.Http http) {
            return http.tls() ? "https" : "http";
        }
        if (spec instanceof CheckSpec.Tcp) {
            return "tcp";
        }
        if (spec instanceof CheckSpec.Dns) {
            return "dns";
        }
        throw new AssertionError("a check spec this test does not know: " + spec.getClass().getName());
    }

    /**
     * The check types the policy loader accepts, read from its own error message for an unknown type, so a type added
     * there without a page fails this test; cross-checked against the types this test can recognise.
     */
    private List<String> checkTypes() throws IOException {
        Path file = Files.writeString(dir.resolve("unknown-check.policy.yaml"), """
                regions:
                  r:
                    check: {type: no-such-check}
                    endpoints:
                      lb: {addresses: [192.0.2.1]}
                names:
                  www: {policy: failover}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyFileLoader.load(file, ORIGIN, new EndpointIndex()));
        Matcher m = CHECK_TYPES.matcher(e.getMessage());
        assertTrue(m.find(), "the check reader's error no longer lists the known types: " + e.getMessage());
        List<String> types = Arrays.stream(m.group(1).split(",| or ")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        assertEquals(Set.copyOf(CHECK_TYPE_NAMES), Set.copyOf(types),
                "the check reader accepts " + types + "; teach this test (typeOf) and the docs about any new type");
        return types;
    }

    /** The endpoints a block's names use, by id ({@code region/name}); fails naming the block if it does not load. */
    private Map<String, Endpoint> loadedEndpoints(Block block, String where) throws IOException {
        Path file = Files.writeString(dir.resolve("gslb.example.policy.yaml"), block.text());
        List<GslbName> names;
        try {
            names = PolicyFileLoader.load(file, ORIGIN, new EndpointIndex());
        } catch (ConfigException e) {
            throw new AssertionError(where + " does not load: " + e.getMessage(), e);
        }
        assertFalse(names.isEmpty(), where + " declares no names");
        Map<String, Endpoint> out = new TreeMap<>();
        names.stream().flatMap(n -> n.targets().stream()).forEach(t -> out.put(t.endpoint().id(), t.endpoint()));
        return out;
    }

    /**
     * Every endpoint the block's text declares, by id, and whether it has a {@code check:} (its own or its region's),
     * read from the YAML itself rather than from the loader under test.
     */
    private static Map<String, Boolean> declaredChecks(Block block, String where) throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        try {
            YamlNode regions = YamlNode.parse(block.text(), Path.of(where)).get("regions");
            for (Map.Entry<String, YamlNode> region : regions.entries().entrySet()) {
                boolean regionCheck = !region.getValue().get("check").isMissing();
                for (Map.Entry<String, YamlNode> endpoint : region.getValue().get("endpoints").entries().entrySet()) {
                    out.put(region.getKey() + "/" + endpoint.getKey(),
                            regionCheck || !endpoint.getValue().get("check").isMissing());
                }
            }
        } catch (ConfigException e) {
            throw new AssertionError(where + " is not a policy file: " + e.getMessage(), e);
        }
        assertFalse(out.isEmpty(), where + " declares no endpoints");
        return out;
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
        ConfigException e = assertThrows(ConfigException.class, () -> PolicyFileLoader.load(file, ORIGIN, new EndpointIndex()));
        Matcher m = KNOWN.matcher(e.getMessage());
        assertTrue(m.find(), "the registry's error no longer lists the known kinds: " + e.getMessage());
        Set<String> kinds = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(kinds.containsAll(STEP_NAMES), "registry lists " + kinds + ", expected at least " + STEP_NAMES);
        return kinds;
    }

    private static List<Path> pages(Path docs) throws IOException {
        assertTrue(Files.isDirectory(docs), docs.toAbsolutePath() + " is not a directory");
        try (Stream<Path> files = Files.list(docs)) {
            List<Path> pages = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
            assertFalse(pages.isEmpty(), "no pages in " + docs.toAbsolutePath());
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
