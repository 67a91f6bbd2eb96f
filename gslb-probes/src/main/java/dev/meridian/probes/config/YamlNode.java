package dev.meridian.probes.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A node of a YAML document (the server's file, an agent's file, a policy file) with its key and line, so every check
 * a loader makes fails with {@code file:line: problem}, and a wrong type with the key and what it expected, never a
 * Java class name.
 *
 * <p>The document is read from SnakeYAML's events into nodes that keep their lines ({@link YamlReader}), not
 * constructed into Java objects: a scalar stays the text the operator wrote and each accessor decides what it
 * accepts. So {@code no} is a region name where a name is expected and an error where {@code true} or {@code false}
 * is, and {@code 010} is never read as octal.
 */
public final class YamlNode {
    /**
     * The longest document read, in code points. SnakeYAML refuses more than 3 Mi by default, which a policy file of
     * some 20 000 GSLB names already passes; this allows about a million names of the usual size (one or two lines,
     * under 100 characters each), a hundred times what an operator has written so far, while still stopping a file
     * that is not configuration at all (a log or a database named by mistake) before its node tree fills the heap.
     */
    static final int MAX_CODE_POINTS = 100 * 1024 * 1024;
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private final YamlValue node;
    private final Path file;
    private final int line;
    private final KeyPath key;

    private YamlNode(YamlValue node, Path file, int line, KeyPath key) {
        this.node = node;
        this.file = file;
        this.line = line;
        this.key = key;
    }

    /**
     * Reads a whole file.
     *
     * @return its root; missing when the file is empty
     * @throws ConfigException naming the file (and the line of a syntax error)
     */
    public static YamlNode read(Path file) throws ConfigException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "no such file");
        } catch (IOException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a document from text; {@code file} is only named in errors. */
    public static YamlNode parse(String text, Path file) throws ConfigException {
        return parse(new StringReader(text), file);
    }

    private static YamlNode parse(Reader reader, Path file) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        YamlValue root = YamlReader.read(reader, file, options);
        return new YamlNode(root, file, root == null ? 1 : root.line(), KeyPath.ROOT);
    }

    /** An error about this node: file, line and problem. */
    public ConfigException error(String problem) {
        return new ConfigException(file, line, problem);
    }

    /** An error about this node's value: file, line, its key, what was expected and what was written. */
    private ConfigException expected(String what) {
        String written = node instanceof YamlValue.Text s ? ", got '" + s.value() + "'"
                : node instanceof YamlValue.Mapping ? ", got a mapping"
                : node instanceof YamlValue.Sequence ? ", got a list" : "";
        return error(keyPrefix() + "expected " + what + written);
    }

    public Path file() {
        return file;
    }

    /** The line of this node's key (or of the node itself when it has none), as errors name it. */
    public int line() {
        return line;
    }

    /** The key path of this node as messages name it, such as {@code health.quorum} or {@code listen[1]}. */
    public String key() {
        return key.toString();
    }

    /** {@code key: } to start a message with, or nothing at the root. */
    private String keyPrefix() {
        String path = key();
        return path.isEmpty() ? "" : path + ": ";
    }

    /** Absent, or written with no value ({@code key:}, {@code ~}, {@code null}). */
    public boolean isMissing() {
        return node == null || node instanceof YamlValue.Text t && t.isNull();
    }

    public boolean isText() {
        return !isMissing() && node instanceof YamlValue.Text;
    }

    public boolean isObject() {
        return node instanceof YamlValue.Mapping;
    }

    public boolean isList() {
        return node instanceof YamlValue.Sequence;
    }

    /** A child of a mapping; missing (at the mapping's line) when absent or when this is not a mapping. */
    public YamlNode get(String name) {
        if (node instanceof YamlValue.Mapping mapping) {
            for (int i = 0; i < mapping.keys().size(); i++) {
                if (mapping.keys().get(i) instanceof YamlValue.Text k && k.value().equals(name)) {
                    return new YamlNode(mapping.values().get(i), file, k.line(), key.child(name));
                }
            }
        }
        return new YamlNode(null, file, line, key.child(name));
    }

    /**
     * Fails on any key not in {@code allowed}: a typo must not be silently ignored. Checks the keys as
     * {@link #entries()} does, without building its map: this runs for every name of a large policy file.
     */
    public YamlNode onlyKeys(Set<String> allowed) throws ConfigException {
        if (isMissing()) {
            return this;
        }
        YamlValue.Mapping mapping = mapping();
        Set<String> seen = new HashSet<>();
        for (YamlValue k : mapping.keys()) {
            String name = plainKey(k);
            if (!seen.add(name)) {
                throw duplicate(k, name);
            }
        }
        for (YamlValue k : mapping.keys()) {
            String name = ((YamlValue.Text) k).value();
            if (!allowed.contains(name)) {
                throw new ConfigException(file, k.line(), "unknown key '" + key.child(name) + "'; expected one of "
                        + new TreeSet<>(allowed));
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
        YamlValue.Mapping mapping = mapping();
        for (int i = 0; i < mapping.keys().size(); i++) {
            YamlValue k = mapping.keys().get(i);
            String name = plainKey(k);
            if (out.containsKey(name)) {
                throw duplicate(k, name);
            }
            out.put(name, new YamlNode(mapping.values().get(i), file, k.line(), key.child(name)));
        }
        return out;
    }

    private YamlValue.Mapping mapping() throws ConfigException {
        if (!(node instanceof YamlValue.Mapping mapping)) {
            throw expected("a mapping of keys to values");
        }
        return mapping;
    }

    private String plainKey(YamlValue k) throws ConfigException {
        if (!(k instanceof YamlValue.Text text)) {
            throw new ConfigException(file, k.line(), "a key must be a plain name");
        }
        return text.value();
    }

    private ConfigException duplicate(YamlValue k, String name) {
        return new ConfigException(file, k.line(), "duplicate key '" + key.child(name) + "'");
    }

    /** The elements of a list; a single scalar counts as a list of one; empty when missing. */
    public List<YamlNode> elements() throws ConfigException {
        List<YamlNode> out = new ArrayList<>();
        if (isMissing()) {
            return out;
        }
        if (node instanceof YamlValue.Text) {
            out.add(this);
            return out;
        }
        if (!(node instanceof YamlValue.Sequence list)) {
            throw expected("a list");
        }
        for (YamlValue element : list.elements()) {
            out.add(new YamlNode(element, file, element.line(), key.element(out.size())));
        }
        return out;
    }

    /** No value, at this node's place: the parameters of a step written as a bare name. */
    public YamlNode absent() {
        return new YamlNode(null, file, line, key);
    }

    /** The key that names this node, as a text node at this node's place, so errors about the key find its line. */
    public YamlNode keyText(String name) {
        return new YamlNode(new YamlValue.Text(name, false, line), file, line, key);
    }

    /** The text of a scalar as written. */
    public String text() throws ConfigException {
        if (!isText()) {
            throw expected("a value");
        }
        return ((YamlValue.Text) node).value();
    }

    public String text(String fallback) throws ConfigException {
        return isMissing() ? fallback : text();
    }

    public double number(double min, double max) throws ConfigException {
        if (!isText() || !DECIMAL.matcher(text()).matches()) {
            throw expected("a number from " + min + " to " + max);
        }
        double value = Double.parseDouble(text());
        if (value < min || value > max) {
            throw expected("a number from " + min + " to " + max);
        }
        return value;
    }

    /** Any number; its range is for the caller to check. */
    public double number(double fallback) throws ConfigException {
        if (isMissing()) {
            return fallback;
        }
        if (!isText() || !DECIMAL.matcher(text()).matches()) {
            throw expected("a number");
        }
        return Double.parseDouble(text());
    }

    public long integer(long min, long max, long fallback) throws ConfigException {
        if (isMissing()) {
            return fallback;
        }
        if (!isText() || !WHOLE.matcher(text()).matches()) {
            throw expected("a whole number from " + min + " to " + max);
        }
        long value = Long.parseLong(text());
        if (value < min || value > max) {
            throw expected("a whole number from " + min + " to " + max);
        }
        return value;
    }

    public boolean bool(boolean fallback) throws ConfigException {
        if (isMissing()) {
            return fallback;
        }
        // Only the two words: YAML 1.1 would also take yes, no, on and off, which are easy to write by accident.
        if (isText() && (text().equals("true") || text().equals("false"))) {
            return text().equals("true");
        }
        throw expected("true or false");
    }

    /** A duration as configuration writes it ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}). */
    public Duration duration(Duration fallback) throws ConfigException {
        if (isMissing()) {
            return fallback;
        }
        if (isText()) {
            try {
                return Durations.parse(text());
            } catch (IllegalArgumentException e) {
                // fall through to the one message for every wrong form
            }
        }
        throw expected("a duration such as 500ms, 10s, 5m or 1h");
    }

    /** An IP address literal with an optional port ({@link HostPort}); never looked up. */
    public HostPort hostPort(int defaultPort) throws ConfigException {
        if (isText()) {
            try {
                return HostPort.parse(text(), defaultPort);
            } catch (IllegalArgumentException e) {
                throw error(keyPrefix() + e.getMessage());
            }
        }
        throw expected("an address such as 192.0.2.1:" + defaultPort + " or [2001:db8::1]:" + defaultPort);
    }

    /** A file path; a relative one is taken from {@code base}, the directory of the file that names it. */
    public Path path(Path base, Path fallback) throws ConfigException {
        return isMissing() ? fallback : base.resolve(text()).normalize();
    }

    /**
     * A key path, spelled out only when a message names it: most nodes of a large file are read and never named, and
     * building {@code names.www.chain[1]} for each of them was a cost of reading 100 000 names.
     *
     * @param name the mapping key, or null for a list element
     * @param index the element's index when {@code name} is null
     */
    private record KeyPath(KeyPath parent, String name, int index) {
        static final KeyPath ROOT = new KeyPath(null, "", -1);

        KeyPath child(String key) {
            return new KeyPath(this, key, -1);
        }

        KeyPath element(int i) {
            return new KeyPath(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return name;
            }
            String prefix = parent.toString();
            return name == null ? prefix + "[" + index + "]" : prefix.isEmpty() ? name : prefix + "." + name;
        }
    }
}
