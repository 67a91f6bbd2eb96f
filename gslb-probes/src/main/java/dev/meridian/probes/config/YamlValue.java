package dev.meridian.probes.config;

import java.util.List;

/**
 * A node of a YAML document as {@link YamlReader} keeps it: the text, the entries or the elements, and the line the
 * node starts on; no marks, tags or styles, so the tree of a large policy file stays a fraction of SnakeYAML's.
 */
sealed interface YamlValue permits YamlValue.Text, YamlValue.Mapping, YamlValue.Sequence {
    /** The line the node starts on, from 1. */
    int line();

    /**
     * A scalar as written.
     *
     * @param isNull written with no value ({@code key:}, {@code ~}, {@code null}) or tagged {@code !!null}
     */
    record Text(String value, boolean isNull, int line) implements YamlValue {
    }

    /** A mapping in document order: the key at {@code i} has the value at {@code i}; keys may repeat. */
    record Mapping(List<YamlValue> keys, List<YamlValue> values, int line) implements YamlValue {
    }

    /** A list. */
    record Sequence(List<YamlValue> elements, int line) implements YamlValue {
    }
}
