package dev.meridian.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;

/**
 * Finds the line of a value in a YAML document from the path Jackson reports with a binding error. Jackson's own
 * error location is where the parser stood when binding failed, often the line after the culprit; re-reading the
 * document to the reported path gives the line of the key itself.
 */
public final class YamlLines {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlLines() {
    }

    /** The 1-based line of the key or element at {@code path}, or {@link ConfigException#NO_LINE}. */
    public static int lineOf(byte[] yaml, List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            pointer.append('/');
            if (ref.getFieldName() != null) {
                pointer.append(escape(ref.getFieldName()));
            } else {
                pointer.append(ref.getIndex());
            }
        }
        return lineOf(yaml, pointer.toString());
    }

    /** A key as one segment of a JSON pointer (RFC 6901). */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The 1-based line of the key or element at a JSON pointer such as {@code /names/www/ttl}. */
    public static int lineOf(byte[] yaml, String target) {
        if (target.isEmpty()) {
            return ConfigException.NO_LINE;
        }
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonPointer at = parser.getParsingContext().pathAsPointer();
                if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY && at.toString().equals(target)) {
                    return parser.currentTokenLocation().getLineNr();
                }
            }
        } catch (IOException e) {
            return ConfigException.NO_LINE;
        }
        return ConfigException.NO_LINE;
    }
}
