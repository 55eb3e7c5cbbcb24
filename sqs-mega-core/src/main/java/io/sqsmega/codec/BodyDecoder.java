package io.sqsmega.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.sqsmega.event.Timestamps;
import io.sqsmega.json.MegaJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes SQS message bodies as section 3 of the MEGA protocol says, in this order: SNS envelope,
 * empty body, JSON, strict Base64 then BSON, text. A {@value PayloadFormat#ATTRIBUTE} message
 * attribute (on the SQS message, or inside the SNS envelope for the envelope's message) replaces
 * sniffing, and a body that contradicts it is invalid.
 *
 * <p>{@link #decode} never throws and runs in time linear in the body: every input yields one
 * {@link DecodeResult}. Bodies over the size limit or nesting deeper than the depth limit are
 * {@link DecodeResult.Invalid invalid} with a reason. Instances are immutable and thread-safe.
 */
public final class BodyDecoder {

    /** The largest SQS message body, in bytes (1 MiB). */
    public static final int SQS_MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(BodyDecoder.class);

    private final int maxDepth;
    private final int maxBodyBytes;
    private final JsonFactory jsonFactory;

    private BodyDecoder(Builder builder) {
        this.maxDepth = builder.maxDepth;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.jsonFactory = MegaJson.newMapper(builder.maxDepth).getFactory();
    }

    /**
     * A decoder with the default limits (nesting depth {@value MegaJson#DEFAULT_MAX_DEPTH}, body
     * size {@value #SQS_MAX_BODY_BYTES} bytes).
     *
     * @return the decoder
     */
    public static BodyDecoder create() {
        return builder().build();
    }

    /**
     * @return a builder to change the limits
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A decoder like this one with another body limit, e.g. for bodies that were offloaded to S3
     * and may be larger than a message.
     *
     * @param maxBodyBytes the largest body accepted, in UTF-8 bytes
     * @return the decoder
     */
    public BodyDecoder withMaxBodyBytes(int maxBodyBytes) {
        return builder().maxDepth(maxDepth).maxBodyBytes(maxBodyBytes).build();
    }

    /** @return the largest body accepted, in UTF-8 bytes */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Decodes a body that came without message attributes.
     *
     * @param body the message body exactly as SQS delivered it ({@code null} is read as empty)
     * @return the result, never {@code null}
     */
    public DecodeResult decode(String body) {
        return decode(body, Map.of());
    }

    /**
     * Decodes a body, honouring the {@value PayloadFormat#ATTRIBUTE} attribute when present.
     *
     * @param body the message body exactly as SQS delivered it ({@code null} is read as empty)
     * @param messageAttributes the SQS message attributes as strings (others are ignored)
     * @return the result, never {@code null}
     */
    public DecodeResult decode(String body, Map<String, String> messageAttributes) {
        try {
            return decodeBody(body == null ? "" : body, messageAttributes == null ? Map.of() : messageAttributes);
        }
        catch (RuntimeException | StackOverflowError ex) {
            // Unreachable by design (every step has its own bound); kept so that no body can kill a listener.
            LOG.warn("Decoder failure ({}): the body is reported invalid", ex.toString());
            return new DecodeResult.Invalid("the body could not be decoded: " + ex, null);
        }
    }

    private DecodeResult decodeBody(String body, Map<String, String> attributes) {
        String sizeProblem = checkSize(body, "the body");
        if (sizeProblem != null) {
            return new DecodeResult.Invalid(sizeProblem, null);
        }
        String formatValue = attributes.get(PayloadFormat.ATTRIBUTE);
        PayloadFormat format = PayloadFormat.fromAttributeValue(formatValue);
        if (formatValue != null && format == null) {
            LOG.debug("Ignoring unknown {} attribute value '{}': sniffing the body", PayloadFormat.ATTRIBUTE,
                    formatValue);
        }
        if (format != null) {
            // The attribute describes the SQS body itself, so there is no envelope to look for.
            return decodeAs(body, format, null);
        }
        JsonOutcome json = parseJson(body);
        if (json.value() instanceof Map<?, ?> map && SnsEnvelopeReader.isEnvelope(map)) {
            return decodeEnvelope(map);
        }
        return sniff(body, json, null);
    }

    private DecodeResult decodeEnvelope(Map<?, ?> map) {
        Instant timestamp = Timestamps.parseOrNull((String) map.get("Timestamp"));
        if (timestamp == null) {
            return new DecodeResult.Invalid("the SNS envelope's Timestamp '" + map.get("Timestamp")
                    + "' is not an ISO-8601 date-time", null);
        }
        SnsEnvelope envelope = SnsEnvelopeReader.read(map, timestamp);
        if (envelope.isConfirmation()) {
            if (SnsEnvelopeReader.isKnownConfirmation(envelope.type())) {
                return new DecodeResult.SnsConfirmation(envelope);
            }
            return new DecodeResult.Invalid("unknown SNS message Type '" + envelope.type()
                    + "' (expected Notification, SubscriptionConfirmation or UnsubscribeConfirmation)", envelope);
        }
        String message = (String) map.get("Message");
        String sizeProblem = checkSize(message, "the SNS Message");
        if (sizeProblem != null) {
            return new DecodeResult.Invalid(sizeProblem, envelope);
        }
        String formatValue = envelope.attributeValue(PayloadFormat.ATTRIBUTE);
        PayloadFormat format = PayloadFormat.fromAttributeValue(formatValue);
        if (format != null) {
            return decodeAs(message, format, envelope);
        }
        return sniff(message, parseJson(message), envelope);
    }

    /** Steps 2 to 5 of the protocol: empty, JSON, Base64 then BSON, text. */
    private DecodeResult sniff(String body, JsonOutcome json, SnsEnvelope envelope) {
        if (body.isEmpty()) {
            return decoded(new Payload.Text(""), envelope);
        }
        if (json.problem() != null) {
            return new DecodeResult.Invalid(json.problem(), envelope);
        }
        if (json.parsed()) {
            return json.value() instanceof Map<?, ?> map ? classify(asDocument(map), envelope)
                    : decoded(new Payload.Text(body), envelope);
        }
        byte[] bytes = StrictBase64.decodeOrNull(body);
        if (bytes == null) {
            return decoded(new Payload.Text(body), envelope);
        }
        try {
            return classify(BsonDocuments.read(bytes, maxDepth), envelope);
        }
        catch (BsonDocuments.NotBsonException ex) {
            return decoded(new Payload.Binary(bytes), envelope);
        }
        catch (BsonDocuments.TooDeepException ex) {
            return new DecodeResult.Invalid(tooDeep("BSON"), envelope);
        }
    }

    /** Decoding as the {@code mega-payload} attribute says; a contradicting body is invalid. */
    private DecodeResult decodeAs(String body, PayloadFormat format, SnsEnvelope envelope) {
        String declared = PayloadFormat.ATTRIBUTE + " says " + format.attributeValue();
        switch (format) {
            case TEXT:
                return decoded(new Payload.Text(body), envelope);
            case BINARY: {
                byte[] bytes = StrictBase64.decodeOrNull(body);
                return bytes != null ? decoded(new Payload.Binary(bytes), envelope)
                        : new DecodeResult.Invalid(declared + " but the body is not standard Base64", envelope);
            }
            default:
                break;
        }
        Map<String, Object> document;
        if (format.encoding() == Encoding.JSON) {
            JsonOutcome json = parseJson(body);
            if (json.problem() != null) {
                return new DecodeResult.Invalid(json.problem(), envelope);
            }
            if (!(json.value() instanceof Map<?, ?> map)) {
                return new DecodeResult.Invalid(declared + " but the body is not a JSON object", envelope);
            }
            document = asDocument(map);
        }
        else {
            byte[] bytes = StrictBase64.decodeOrNull(body);
            if (bytes == null) {
                return new DecodeResult.Invalid(declared + " but the body is not standard Base64", envelope);
            }
            try {
                document = BsonDocuments.read(bytes, maxDepth);
            }
            catch (BsonDocuments.NotBsonException ex) {
                return new DecodeResult.Invalid(declared + " but the Base64 bytes are not one BSON document", envelope);
            }
            catch (BsonDocuments.TooDeepException ex) {
                return new DecodeResult.Invalid(tooDeep("BSON"), envelope);
            }
        }
        if (format.kind() == PayloadKind.DATA) {
            return decoded(new Payload.Data(document), envelope);
        }
        if (!MegaDocumentReader.hasV1Markers(document)) {
            return new DecodeResult.Invalid(declared + " but the document lacks the MEGA v1 markers "
                    + "(\"protocol\": \"mega\", \"version\": 1)", envelope);
        }
        return classify(document, envelope);
    }

    /** A document is a MEGA event when it carries the v1 markers, otherwise a data object. */
    private DecodeResult classify(Map<String, Object> document, SnsEnvelope envelope) {
        // Both readers return frozen documents, which the payload and the event share without copies.
        if (!MegaDocumentReader.hasV1Markers(document)) {
            if (MegaDocumentReader.hasProtocolMarker(document)) {
                LOG.debug("\"protocol\": \"mega\" with version {} is not MEGA v1: decoded as a data object",
                        document.get("version"));
            }
            return decoded(new Payload.Data(document), envelope);
        }
        try {
            return decoded(new Payload.Mega(MegaDocumentReader.read(document)), envelope);
        }
        catch (InvalidPayloadException ex) {
            return new DecodeResult.Invalid("invalid MEGA payload: " + ex.getMessage(), envelope);
        }
    }

    private static DecodeResult decoded(Payload payload, SnsEnvelope envelope) {
        return new DecodeResult.Decoded(payload, envelope);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asDocument(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /**
     * Parses the body as exactly one JSON value. Bodies that cannot start a JSON value are not
     * handed to the parser at all, so plain text costs no exception.
     */
    private JsonOutcome parseJson(String body) {
        char first = firstNonWhitespace(body);
        if (!mayStartJson(first)) {
            return JsonOutcome.NOT_JSON;
        }
        try {
            return new JsonOutcome(true, JsonTrees.read(jsonFactory, body), null);
        }
        catch (JsonTrees.NumberBeyondDoubleException ex) {
            // Only an object is data or MEGA; any other JSON value is text, whatever its numbers.
            return first != '{' ? JsonOutcome.NOT_JSON
                    : new JsonOutcome(false, null, "the body exceeds a JSON reader limit: " + ex.getOriginalMessage());
        }
        catch (StreamConstraintsException ex) {
            String message = String.valueOf(ex.getOriginalMessage());
            return new JsonOutcome(false, null, message.contains("nesting depth") ? tooDeep("JSON")
                    : "the body exceeds a JSON reader limit: " + message);
        }
        catch (IOException | RuntimeException ex) {
            return JsonOutcome.NOT_JSON;
        }
    }

    /** The first character after JSON whitespace, or 0 for a blank body. */
    private static char firstNonWhitespace(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return 0;
    }

    private static boolean mayStartJson(char c) {
        return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f'
                || c == 'n';
    }

    private String tooDeep(String format) {
        return "the " + format + " document nests deeper than the limit of " + maxDepth + " levels";
    }

    private String checkSize(String body, String what) {
        // Cheap bounds first: a char is 1 to 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4).
        if ((long) body.length() * 3 <= maxBodyBytes) {
            return null;
        }
        long bytes = utf8Length(body);
        return bytes <= maxBodyBytes ? null
                : what + " is " + bytes + " bytes, over the limit of " + maxBodyBytes + " bytes";
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            }
            else if (c < 0x800) {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            }
            else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The outcome of trying to read a body as JSON. */
    private record JsonOutcome(boolean parsed, Object value, String problem) {
        static final JsonOutcome NOT_JSON = new JsonOutcome(false, null, null);
    }

    /**
     * Configures a {@link BodyDecoder}.
     */
    public static final class Builder {

        private int maxDepth = MegaJson.DEFAULT_MAX_DEPTH;
        private int maxBodyBytes = SQS_MAX_BODY_BYTES;

        private Builder() {
        }

        /**
         * @param maxDepth the deepest nesting of objects and arrays accepted (default 64)
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 2) {
                throw new IllegalArgumentException("maxDepth must be at least 2 (a MEGA payload nests 3 levels), got "
                        + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * @param maxBodyBytes the largest body accepted, in UTF-8 bytes (default 1 MiB, the SQS maximum)
         * @return this builder
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * @return the decoder
         */
        public BodyDecoder build() {
            return new BodyDecoder(this);
        }
    }

    @Override
    public String toString() {
        return "BodyDecoder[maxDepth=" + maxDepth + ", maxBodyBytes=" + maxBodyBytes + "]";
    }
}
