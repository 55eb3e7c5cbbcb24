package io.sqsmega.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.json.MegaJson;
import java.util.Base64;
import java.util.Objects;

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

    private static final ObjectReader TREE_READER = MegaJson.newMapper(MegaJson.DEFAULT_MAX_DEPTH).reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ObjectMapper mapper;

    private PayloadEncoder(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
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
        return new EncodedBody(Base64.getEncoder().encodeToString(bytes), PayloadFormat.BINARY);
    }

    private EncodedBody encodeDocument(Object document, PayloadKind kind, Encoding encoding, String what) {
        // The JSON generator enforces a write-depth limit (valueToTree would overflow the stack on a
        // collection that contains itself); reading the text back enforces the readers' depth limit
        // and keeps decimals exact for the BSON type mapping.
        String json;
        try {
            json = mapper.writeValueAsString(document);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("Cannot convert the " + what + " to a JSON document: "
                    + ex.getOriginalMessage(), ex);
        }
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(json);
        }
        catch (StreamConstraintsException ex) {
            throw new IllegalArgumentException("The " + what + " nests deeper than " + MegaJson.DEFAULT_MAX_DEPTH
                    + " levels; MEGA readers reject such bodies", ex);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("The " + what + " does not serialize to valid JSON: "
                    + ex.getOriginalMessage(), ex);
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
