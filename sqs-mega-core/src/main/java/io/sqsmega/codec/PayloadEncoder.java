package io.sqsmega.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.json.MegaJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes payloads into message bodies as section 4 of the MEGA protocol says: MEGA events and
 * data objects as compact JSON (default) or BSON in standard Base64, text as is, binary as
 * standard Base64. Date-time values become ISO-8601 strings in both encodings.
 *
 * <p>The encoder is a strict writer: it refuses what a MEGA reader would reject (a data payload
 * that is not a JSON object, BSON-encoded text, nesting deeper than
 * {@value MegaJson#DEFAULT_MAX_DEPTH} levels) with an {@link IllegalArgumentException} that says
 * what to publish instead. Instances are immutable and thread-safe.
 */
public final class PayloadEncoder {

    private static final Pattern NON_NUMBERS = Pattern.compile("'(-?Infinity|\\+?INF|NaN)'");

    /** Parses what the encoder wrote, with the readers' nesting limit. */
    private static final JsonFactory TREE_PARSERS = MegaJson.newMapper(MegaJson.DEFAULT_MAX_DEPTH).getFactory();

    private final ObjectMapper mapper;
    private final Function<Object, String> objectWriter;

    private PayloadEncoder(ObjectMapper mapper, Function<Object, String> objectWriter) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.objectWriter = objectWriter;
    }

    private PayloadEncoder(ObjectMapper mapper) {
        this(mapper, null);
    }

    /**
     * An encoder with SQS MEGA's JSON settings.
     *
     * @return the encoder
     */
    public static PayloadEncoder create() {
        return new PayloadEncoder(MegaJson.mapper());
    }

    /**
     * An encoder that converts POJOs with the given mapper (for custom modules and naming
     * strategies). Keep date-times as ISO-8601 strings in that mapper.
     *
     * @param mapper the mapper
     * @return the encoder
     */
    public static PayloadEncoder create(ObjectMapper mapper) {
        return new PayloadEncoder(mapper);
    }

    /**
     * An encoder that writes records and POJOs (data objects that are not a {@code Map}) with the given
     * writer, e.g. the application's own JSON mapper, so that its naming strategy and modules apply;
     * maps and MEGA events are written with SQS MEGA's settings. What the writer produces is read back
     * and checked as any data object is (a JSON object, nesting, no NaN).
     *
     * @param objectWriter turns a record or POJO into JSON text; throws {@link IllegalArgumentException}
     *        saying why when it cannot
     * @return the encoder
     */
    public static PayloadEncoder create(Function<Object, String> objectWriter) {
        return new PayloadEncoder(MegaJson.mapper(), Objects.requireNonNull(objectWriter, "objectWriter"));
    }

    /**
     * Encodes any payload in JSON (text and binary as they travel).
     *
     * @param payload see {@link #encode(Object, Encoding)}
     * @return the body
     */
    public EncodedBody encode(Object payload) {
        return encode(payload, Encoding.JSON);
    }

    /**
     * Encodes any payload, choosing the kind by its type: {@link MegaEvent} (or
     * {@link Payload.Mega}) is a MEGA event, {@link String} (or {@link Payload.Text}) text,
     * {@code byte[]} (or {@link Payload.Binary}) binary, anything else (a {@code Map}, a POJO, a
     * record, {@link Payload.Data}) a data object.
     *
     * @param payload the payload
     * @param encoding the encoding for events and data objects
     * @return the body
     * @throws IllegalArgumentException when the payload cannot be written as its kind requires
     */
    public EncodedBody encode(Object payload, Encoding encoding) {
        Objects.requireNonNull(payload, "payload must not be null");
        Objects.requireNonNull(encoding, "encoding must not be null");
        if (payload instanceof MegaEvent event) {
            return encodeEvent(event, encoding);
        }
        if (payload instanceof String text) {
            return encodeText(text, encoding);
        }
        if (payload instanceof byte[] bytes) {
            return encodeBinary(bytes);
        }
        if (payload instanceof Payload decoded) {
            if (decoded instanceof Payload.Mega mega) {
                return encodeEvent(mega.event(), encoding);
            }
            if (decoded instanceof Payload.Data data) {
                return encodeData(data.data(), encoding);
            }
            if (decoded instanceof Payload.Text text) {
                return encodeText(text.text(), encoding);
            }
            return encodeBinary(((Payload.Binary) decoded).bytes());
        }
        return encodeData(payload, encoding);
    }

    /**
     * Encodes a MEGA event.
     *
     * @param event the event
     * @param encoding the encoding
     * @return the body, format {@code mega+json} or {@code mega+bson}
     */
    public EncodedBody encodeEvent(MegaEvent event, Encoding encoding) {
        return encodeDocument(event.toDocument(), PayloadKind.MEGA, encoding, "MEGA event " + event.name());
    }

    /**
     * Encodes a data object.
     *
     * @param data a {@code Map} or a POJO that Jackson serializes to a JSON object
     * @param encoding the encoding
     * @return the body, format {@code data+json} or {@code data+bson}
     */
    public EncodedBody encodeData(Object data, Encoding encoding) {
        return encodeDocument(data, PayloadKind.DATA, encoding, "data object " + data.getClass().getName());
    }

    /**
     * Encodes text: the body is the text itself.
     *
     * @param text the text
     * @return the body, format {@code text}
     */
    public EncodedBody encodeText(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("An empty String cannot be published: the body would be empty, which "
                    + "SQS refuses and MEGA readers reject. Publish at least one character");
        }
        return new EncodedBody(text, PayloadFormat.TEXT);
    }

    private EncodedBody encodeText(String text, Encoding encoding) {
        if (encoding == Encoding.BSON) {
            throw new IllegalArgumentException("Text payloads are sent as they are and cannot be BSON-encoded: "
                    + "publish the text with JSON encoding, or a Map/POJO for BSON");
        }
        return encodeText(text);
    }

    /**
     * Encodes binary data as standard Base64.
     *
     * @param bytes the bytes
     * @return the body, format {@code binary}
     */
    public EncodedBody encodeBinary(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("An empty byte[] cannot be published: its body would be empty, which SQS "
                    + "refuses and MEGA readers reject. Publish at least one byte, or a data object that says 'nothing'");
        }
        return new EncodedBody(Base64.getEncoder().encodeToString(bytes), PayloadFormat.BINARY);
    }

    /**
     * Reads the JSON the encoder wrote into a tree for the object check and the BSON writer. Not
     * {@code ObjectMapper.readTree}: decimals must stay exact (BigDecimal), and a BigDecimal has
     * no negative zero, which a double does and BSON keeps.
     */
    private static JsonNode readTree(String json) throws IOException {
        try (JsonParser parser = TREE_PARSERS.createParser(json)) {
            return readNode(parser, parser.nextToken());
        }
    }

    private static JsonNode readNode(JsonParser parser, JsonToken token) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, readNode(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(readNode(parser, next));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal value = parser.getDecimalValue();
                yield value.signum() == 0 && parser.getText().startsWith("-") ? nodes.numberNode(-0.0d)
                        : nodes.numberNode(value);
            }
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IOException("unexpected " + token + " in the encoder's own JSON");
        };
    }

    private EncodedBody encodeDocument(Object document, PayloadKind kind, Encoding encoding, String what) {
        // The JSON generator enforces a write-depth limit (valueToTree would overflow the stack on a
        // collection that contains itself); reading the text back enforces the readers' depth limit
        // and keeps decimals exact for the BSON type mapping.
        String json;
        try {
            // NaN and infinities as the bare tokens they are, not as strings: the read-back below refuses them.
            json = objectWriter != null && !(document instanceof Map) ? objectWriter.apply(document)
                    : mapper.writer().without(JsonWriteFeature.WRITE_NAN_AS_STRINGS).writeValueAsString(document);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Cannot convert the " + what + " to a JSON document: " + ex.getMessage(), ex);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("Cannot convert the " + what + " to a JSON document: "
                    + ex.getOriginalMessage(), ex);
        }
        JsonNode tree;
        try {
            tree = readTree(json);
        }
        catch (StreamConstraintsException ex) {
            throw new IllegalArgumentException("The " + what + " nests deeper than " + MegaJson.DEFAULT_MAX_DEPTH
                    + " levels; MEGA readers reject such bodies", ex);
        }
        catch (JsonProcessingException ex) {
            if (NON_NUMBERS.matcher(String.valueOf(ex.getOriginalMessage())).find()) {
                // Refused in BSON too (which could hold them): a payload must read the same in either encoding.
                throw new IllegalArgumentException("The " + what + " holds NaN or an infinity, which JSON cannot "
                        + "represent; SQS MEGA refuses them in JSON and BSON alike, so that a payload reads the same "
                        + "whatever its encoding: send null, or a string such as \"NaN\"", ex);
            }
            throw new IllegalArgumentException("The " + what + " does not serialize to valid JSON: "
                    + ex.getOriginalMessage(), ex);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("The " + what + " does not serialize to valid JSON: " + ex.getMessage(), ex);
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("A data payload must be a JSON object (a Map, a POJO or a record); the "
                    + what + " converts to " + tree.getNodeType() + ". Publish a String for text or a byte[] for binary.");
        }
        PayloadFormat format = PayloadFormat.of(kind, encoding);
        if (encoding == Encoding.BSON) {
            return new EncodedBody(Base64.getEncoder().encodeToString(BsonDocuments.write(tree)), format);
        }
        return new EncodedBody(json, format);
    }
}
