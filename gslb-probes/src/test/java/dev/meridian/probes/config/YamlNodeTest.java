package dev.meridian.probes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The YAML reader all three file kinds share: values as written, and errors as file:line: key: expected, got. */
class YamlNodeTest {
    private static final Path FILE = Path.of("f.yaml");

    @Test
    void aDocumentPastSnakeYamlsDefaultLimitIsRead() throws Exception {
        // SnakeYAML's default refuses 3 Mi code points: a policy file of some 20 000 names.
        StringBuilder text = new StringBuilder("names:\n");
        int names = 0;
        while (text.length() < 4 * 1024 * 1024) {
            text.append("  name-").append(names++)
                    .append(": {endpoints: [eu-west/lb, us-east/lb], policy: failover}\n");
        }
        assertEquals(names, YamlNode.parse(text.toString(), FILE).get("names").entries().size());
    }

    @Test
    void scalarsStayAsWritten() throws Exception {
        YamlNode root = YamlNode.parse("region: no\nport: 010\n", FILE);
        assertEquals("no", root.get("region").text(), "a name, not YAML 1.1's false");
        assertEquals(10, root.get("port").integer(0, 100, 0), "decimal, not octal");
    }

    @Test
    void yesIsNotABoolean() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> YamlNode.parse("a:\n  on: yes\n", FILE).get("a").get("on").bool(false));
        assertEquals("f.yaml:2: a.on: expected true or false, got 'yes'", e.getMessage());
    }

    @Test
    void numberOutOfRangeNamesKeyAndRange() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> YamlNode.parse("list:\n  - {n: 7}\n", FILE).get("list").elements().get(0).get("n")
                        .number(0, 1));
        assertEquals("f.yaml:2: list[0].n: expected a number from 0.0 to 1.0, got '7'", e.getMessage());
    }

    @Test
    void missingValueTakesItsFallbackAndItsParentsLine() throws Exception {
        YamlNode block = YamlNode.parse("x: 1\nblock:\n  a: ~\n", FILE).get("block");
        assertEquals(Duration.ofSeconds(3), block.get("a").duration(Duration.ofSeconds(3)));
        assertEquals("f.yaml:2: needed", block.get("b").error("needed").getMessage());
    }

    @Test
    void oneScalarIsAListOfOne() throws Exception {
        List<YamlNode> elements = YamlNode.parse("l: a\n", FILE).get("l").elements();
        assertEquals(1, elements.size());
        assertEquals("a", elements.get(0).text());
    }

    @Test
    void duplicateKeyIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> YamlNode.parse("a: 1\nb: 2\na: 3\n", FILE).entries());
        assertEquals("f.yaml:3: duplicate key 'a'", e.getMessage());
    }

    @Test
    void syntaxErrorNamesItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlNode.parse("a: 1\n  b: 2\n", FILE));
        assertEquals("f.yaml:2: not valid YAML: mapping values are not allowed here", e.getMessage());
    }

    @Test
    void tabNamesItsOwnLineInWords() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> YamlNode.parse("a:\n  b: 1\n\tc: 2\n", FILE));
        assertEquals("f.yaml:3: not valid YAML: a tab; YAML indents with spaces, never tabs", e.getMessage());
    }

    @Test
    void anAliasReadsAsItsAnchoredValue() throws Exception {
        YamlNode root = YamlNode.parse("a: &lb {weight: 3}\nb: *lb\n", FILE);
        assertEquals(3, root.get("b").get("weight").integer(0, 10, 0));
    }

    @Test
    void aSecondDocumentIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlNode.parse("a: 1\n---\nb: 2\n", FILE));
        assertEquals("f.yaml:2: not valid YAML: a second document; a file holds one", e.getMessage());
    }

    @Test
    void unknownKeyNamesItsLineAndTheKeysAllowed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> YamlNode.parse("x:\n  a: 1\n  c: 2\n", FILE).get("x").onlyKeys(java.util.Set.of("a", "b")));
        assertEquals("f.yaml:3: unknown key 'x.c'; expected one of [a, b]", e.getMessage());
    }

    @Test
    void emptyDocumentIsMissing() throws Exception {
        YamlNode root = YamlNode.parse("# only a comment\n", FILE);
        assertTrue(root.isMissing());
        assertFalse(root.get("a").isObject());
    }
}
