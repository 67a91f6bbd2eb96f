package dev.meridian.probes.config;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Builds a document's {@link YamlValue} tree from SnakeYAML's event stream, as its composer would build its nodes,
 * but keeping only each node's first line: the composer's nodes carry two marks each, which for a policy file of
 * 100 000 names is most of the heap the read needs and most of what young collections copy. Repeated texts (keys,
 * region and policy names) are kept once. Aliases share the anchored node; an alias to a node not yet complete (a
 * recursive one) is an error, since no configuration is recursive.
 */
final class YamlReader {
    private static final Resolver RESOLVER = new Resolver();

    private final Path file;
    private final LoaderOptions options;
    private final Parser parser;
    private final Map<String, YamlValue> anchors = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();
    private int depth;
    private int collectionAliases;

    private YamlReader(Reader reader, Path file, LoaderOptions options) {
        this.file = file;
        this.options = options;
        this.parser = new ParserImpl(new StreamReader(reader), options);
    }

    /**
     * Reads the one document of a stream.
     *
     * @return its root, or null when the stream holds no document
     * @throws ConfigException naming the file and, for a syntax error, the line
     */
    static YamlValue read(Reader reader, Path file, LoaderOptions options) throws ConfigException {
        try {
            return new YamlReader(reader, file, options).singleDocument();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "not valid YAML"
                    // SnakeYAML's own words name the character as "\t(TAB)".
                    : e.getProblem().contains("(TAB)") ? "a tab; YAML indents with spaces, never tabs"
                    : e.getProblem();
            throw new ConfigException(file, mark == null ? ConfigException.NO_LINE : mark.getLine() + 1,
                    "not valid YAML: " + problem, e);
        } catch (YAMLException e) {
            throw new ConfigException(file, ConfigException.NO_LINE, "not valid YAML: " + e.getMessage(), e);
        }
    }

    private YamlValue singleDocument() throws ConfigException {
        parser.getEvent();
        YamlValue root = null;
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            parser.getEvent();
            root = node();
            parser.getEvent();
            anchors.clear();
        }
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw error(parser.getEvent(), "not valid YAML: a second document; a file holds one");
        }
        parser.getEvent();
        return root;
    }

    private YamlValue node() throws ConfigException {
        if (parser.checkEvent(Event.ID.Alias)) {
            AliasEvent alias = (AliasEvent) parser.getEvent();
            YamlValue node = anchors.get(alias.getAnchor());
            if (node == null) {
                throw error(alias, "not valid YAML: found undefined alias " + alias.getAnchor());
            }
            // As SnakeYAML's composer: many aliases to collections make a small file a huge tree to walk.
            if (!(node instanceof YamlValue.Text) && ++collectionAliases > options.getMaxAliasesForCollections()) {
                throw error(alias, "not valid YAML: more than " + options.getMaxAliasesForCollections()
                        + " aliases to mappings or lists");
            }
            return node;
        }
        NodeEvent start = (NodeEvent) parser.getEvent();
        if (++depth > options.getNestingDepthLimit()) {
            throw error(start, "not valid YAML: nested more than " + options.getNestingDepthLimit() + " deep");
        }
        int line = start.getStartMark().getLine() + 1;
        YamlValue node;
        if (start instanceof ScalarEvent scalar) {
            node = new YamlValue.Text(text(scalar.getValue()), isNull(scalar), line);
        } else if (start.is(Event.ID.SequenceStart)) {
            List<YamlValue> elements = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                elements.add(node());
            }
            parser.getEvent();
            node = new YamlValue.Sequence(List.copyOf(elements), line);
        } else {
            List<YamlValue> keys = new ArrayList<>();
            List<YamlValue> values = new ArrayList<>();
            while (!parser.checkEvent(Event.ID.MappingEnd)) {
                keys.add(node());
                values.add(node());
            }
            parser.getEvent();
            node = new YamlValue.Mapping(List.copyOf(keys), List.copyOf(values), line);
        }
        depth--;
        if (start.getAnchor() != null) {
            anchors.put(start.getAnchor(), node);
        }
        return node;
    }

    /**
     * Null as the composer resolves it: an explicit {@code !!null}, or a plain {@code ~}, {@code null} or nothing.
     * Every spelling of null is at most four characters, so longer texts skip the resolver's regular expressions,
     * which otherwise made most of the garbage of reading a large file.
     */
    private static boolean isNull(ScalarEvent scalar) {
        String tag = scalar.getTag();
        if (tag != null && !tag.equals("!")) {
            return new Tag(tag).equals(Tag.NULL);
        }
        return scalar.getValue().length() <= 4 && RESOLVER.resolve(NodeId.scalar, scalar.getValue(),
                scalar.getImplicit().canOmitTagInPlainScalar()).equals(Tag.NULL);
    }

    private String text(String value) {
        String kept = texts.putIfAbsent(value, value);
        return kept == null ? value : kept;
    }

    private ConfigException error(Event event, String problem) {
        return new ConfigException(file, event.getStartMark().getLine() + 1, problem);
    }
}
