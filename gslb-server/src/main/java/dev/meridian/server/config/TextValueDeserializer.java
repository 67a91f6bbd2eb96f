package dev.meridian.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.function.Function;

/**
 * Binds a scalar written as text (a duration, an address) through a parsing function; a parse failure becomes a
 * Jackson error carrying the path of the value, so its line can be reported.
 */
final class TextValueDeserializer<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final transient Function<String, T> parse;

    TextValueDeserializer(Class<T> type, Function<String, T> parse) {
        super(type);
        this.type = type;
        this.parse = parse;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            return type.cast(ctxt.handleUnexpectedToken(type, p));
        }
        String text = p.getText();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            InvalidFormatException failure = InvalidFormatException.from(p, e.getMessage(), text, type);
            failure.initCause(e);
            throw failure;
        }
    }
}
