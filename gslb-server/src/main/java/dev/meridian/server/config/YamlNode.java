package dev.meridian.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of a YAML document read as a tree, with its place in the document, so every check a loader makes can fail
 * with the file and the line of the offending key.
 */
public final class YamlNode {
    private final JsonNode node;
    private final String pointer;
    private final Path file;
    private final byte[] yaml;

    private YamlNode(JsonNode node, String pointer, Path file, byte[] yaml) {
        this.node = node;
        this.pointer = pointer;
        this.file = file;
        this.yaml = yaml;
    }

    /** The root of a document. */
    public static YamlNode root(JsonNode node, Path file, byte[] yaml) {
        return new YamlNode(node, "", file, yaml);
    }

    /** An error about this node: file, line and problem. */
    public ConfigException error(String problem) {
        return new ConfigException(file, YamlLines.lineOf(yaml, pointer), problem);
    }

    public Path file() {
        return file;
    }

    public boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    public boolean isText() {
        return !isMissing() && node.isTextual();
    }

    public boolean isObject() {
        return !isMissing() && node.isObject();
    }

    public boolean isList() {
        return !isMissing() && node.isArray();
    }

    /** A child of a mapping (missing when absent). */
    public YamlNode get(String key) {
        JsonNode child = node == null ? null : node.get(key);
        return new YamlNode(child, pointer + "/" + YamlLines.escape(key), file, yaml);
    }

    /** Fails on any key not in {@code allowed}: a typo must not be silently ignored. */
    public YamlNode onlyKeys(Set<String> allowed) throws ConfigException {
        for (Map.Entry<String, YamlNode> e : entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "'; expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
        return this;
    }

    /** The entries of a mapping in document order; empty when missing. */
    public Map<String, YamlNode> entries() throws ConfigException {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (isMissing()) {
            return out;
        }
        if (!node.isObject()) {
            throw error("expected a mapping of keys to values");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            out.put(key, get(key));
        }
        return out;
    }

    /** The elements of a list; a single scalar counts as a list of one; empty when missing. */
    public List<YamlNode> elements() throws ConfigException {
        List<YamlNode> out = new ArrayList<>();
        if (isMissing()) {
            return out;
        }
        if (!node.isArray()) {
            if (node.isValueNode()) {
                out.add(this);
                return out;
            }
            throw error("expected a list");
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new YamlNode(node.get(i), pointer + "/" + i, file, yaml));
        }
        return out;
    }

    /** No value, at this node's place: the parameters of a step written as a bare name. */
    public YamlNode absent() {
        return new YamlNode(null, pointer, file, yaml);
    }

    /** The key that names this node, as a text node at this node's place, so errors about the key find its line. */
    public YamlNode keyText(String key) {
        return new YamlNode(com.fasterxml.jackson.databind.node.TextNode.valueOf(key), pointer, file, yaml);
    }

    public String text() throws ConfigException {
        if (isMissing() || !node.isValueNode()) {
            throw error("expected a value");
        }
        return node.asText();
    }

    public String text(String fallback) throws ConfigException {
        return isMissing() ? fallback : text();
    }

    public double number(double min, double max) throws ConfigException {
        if (isMissing() || !node.isNumber()) {
            throw error("expected a number from " + min + " to " + max);
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            throw error(value + " is out of range " + min + " to " + max);
        }
        return value;
    }

    public long integer(long min, long max, long fallback) throws ConfigException {
        if (isMissing()) {
            return fallback;
        }
        if (!node.isIntegralNumber()) {
            throw error("expected a whole number from " + min + " to " + max);
        }
        long value = node.asLong();
        if (value < min || value > max) {
            throw error(value + " is out of range " + min + " to " + max);
        }
        return value;
    }

    public boolean bool(boolean fallback) throws ConfigException {
        if (isMissing()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw error("expected true or false");
        }
        return node.asBoolean();
    }
}
