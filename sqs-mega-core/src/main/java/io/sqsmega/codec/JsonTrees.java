package io.sqsmega.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.sqsmega.event.ImmutableValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads exactly one JSON value with Jackson's streaming parser straight into the frozen document
 * values the decoder hands out (maps keep key order; ints, longs, big integers, doubles as Jackson's
 * untyped reading gives them). One pass, no intermediate tree and no second walk to freeze it
 * (values are frozen bottom-up as they are read): decoding is the hot path of every message. The factory's read constraints bound nesting, so recursion depth is bounded too.
 */
final class JsonTrees {

    private JsonTrees() {
    }

    /** A JSON number that would read as an infinity: a read limit, as the decoder reports it. */
    static final class NumberBeyondDoubleException extends StreamConstraintsException {
        private static final long serialVersionUID = 1L;

        NumberBeyondDoubleException(String message) {
            super(message);
        }
    }

    /**
     * @param factory the factory, with the decoder's read constraints
     * @param body the text
     * @return the value: a frozen map or list, a string, a number, a boolean or {@code null}
     * @throws IOException when the text is not exactly one JSON value, or breaks a read constraint
     */
    static Object read(JsonFactory factory, String body) throws IOException {
        try (JsonParser parser = factory.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new JsonParseException(parser, "no JSON value");
            }
            Object value = value(parser, token);
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "trailing content after the JSON value");
            }
            return value;
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    map.put(name, value(parser, parser.nextToken()));
                }
                return ImmutableValues.adoptFrozenValues(map);
            }
            case START_ARRAY: {
                // Most lists in messages are short: room for 4, not ArrayList's 10, so none needs trimming.
                List<Object> list = new ArrayList<>(4);
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(value(parser, next));
                }
                return ImmutableValues.adoptFrozenElements(list);
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT: {
                double value = parser.getDoubleValue();
                if (Double.isInfinite(value)) {
                    // 1e400 would read as an infinity, which no encoder writes back (JSON has none).
                    String text = parser.getText();
                    throw new NumberBeyondDoubleException("the number " + (text.length() <= 40 ? text
                            : text.substring(0, 37) + "...") + " is beyond the range of a double (about 1.8e308)");
                }
                return value;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new JsonParseException(parser, "unexpected token " + token);
        }
    }
}
