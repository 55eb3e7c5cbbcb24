package io.sqsmega.codec;

import io.sqsmega.event.EventSection;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.event.MegaObject;
import io.sqsmega.event.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a MEGA v1 document (already parsed from JSON or BSON) into a {@link MegaEvent}, as a
 * tolerant reader: defaults applied, unlisted event keys moved into {@code event.attributes},
 * numeric {@code object.id} kept as text. Breaking a required rule yields an
 * {@link InvalidPayloadException} whose message names the field and the problem.
 */
final class MegaDocumentReader {

    private MegaDocumentReader() {
    }

    /**
     * Tells whether a document carries the MEGA v1 markers: {@code protocol} {@code "mega"} and
     * {@code version} 1 (also {@code 1.0} and {@code "1"}).
     *
     * @param document the document
     * @return {@code true} for MEGA v1
     */
    static boolean hasV1Markers(Map<String, Object> document) {
        return MegaEvent.PROTOCOL.equals(document.get("protocol")) && isVersionOne(document.get("version"));
    }

    /**
     * Tells whether a document says {@code "protocol": "mega"}, whatever its version.
     *
     * @param document the document
     * @return {@code true} when the protocol marker is present
     */
    static boolean hasProtocolMarker(Map<String, Object> document) {
        return MegaEvent.PROTOCOL.equals(document.get("protocol"));
    }

    private static boolean isVersionOne(Object version) {
        if (version instanceof Integer || version instanceof Long || version instanceof Short) {
            return ((Number) version).longValue() == 1;
        }
        if (version instanceof Double || version instanceof Float) {
            return ((Number) version).doubleValue() == 1.0;
        }
        if (version instanceof BigDecimal decimal) {
            return decimal.compareTo(BigDecimal.ONE) == 0;
        }
        return "1".equals(version);
    }

    /**
     * Reads a document that has the v1 markers.
     *
     * @param document the document
     * @return the event
     * @throws InvalidPayloadException naming the field when a required rule is broken
     */
    static MegaEvent read(Map<String, Object> document) throws InvalidPayloadException {
        Map<String, Object> event = section(document, "event", "event");
        if (event == null) {
            throw new InvalidPayloadException("event is missing");
        }
        MegaObject object = readObject(section(document, "object", "object"));
        Map<String, Object> extra = section(document, "extra", "extra");
        return new MegaEvent(readEvent(event), object, extra);
    }

    private static EventSection readEvent(Map<String, Object> event) throws InvalidPayloadException {
        Object name = event.get("name");
        if (name == null) {
            throw new InvalidPayloadException("event.name is missing");
        }
        if (!(name instanceof String nameText)) {
            throw new InvalidPayloadException("event.name must be a string, got " + describe(name));
        }
        if (nameText.isBlank()) {
            throw new InvalidPayloadException("event.name is empty");
        }
        Instant timestamp = readTimestamp(event.get("timestamp"));
        int version = readVersion(event.get("version"), "event.version");
        String domain = readText(event.get("domain"), "event.domain");
        String subject = readText(event.get("subject"), "event.subject");
        String publisher = readText(event.get("publisher"), "event.publisher");
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, Object> explicit = section(event, "attributes", "event.attributes");
        if (explicit != null) {
            attributes.putAll(explicit);
        }
        // The protocol says unlisted event keys are attributes; explicit attributes win a clash.
        for (Map.Entry<String, Object> entry : event.entrySet()) {
            if (!EventSection.STANDARD_FIELDS.contains(entry.getKey())) {
                attributes.putIfAbsent(entry.getKey(), entry.getValue());
            }
        }
        return new EventSection(nameText, timestamp, version, domain, subject, publisher, attributes);
    }

    private static Instant readTimestamp(Object value) throws InvalidPayloadException {
        if (value == null) {
            throw new InvalidPayloadException("event.timestamp is missing");
        }
        if (value instanceof Instant instant) {
            // A BSON date-time from a publisher that does not follow the string rule.
            return instant;
        }
        if (!(value instanceof String text)) {
            throw new InvalidPayloadException("event.timestamp must be an ISO-8601 string, got " + describe(value));
        }
        Instant instant = Timestamps.parseOrNull(text);
        if (instant == null) {
            throw new InvalidPayloadException("event.timestamp '" + abbreviate(text)
                    + "' is not an ISO-8601 date-time (expected e.g. 2020-05-04T15:53:23.123Z)");
        }
        return instant;
    }

    private static MegaObject readObject(Map<String, Object> object) throws InvalidPayloadException {
        if (object == null) {
            return null;
        }
        Map<String, Object> current = section(object, "current", "object.current");
        if (current == null) {
            throw new InvalidPayloadException("object.current is missing (required when object is present)");
        }
        Map<String, Object> previous = section(object, "previous", "object.previous");
        return new MegaObject(readText(object.get("type"), "object.type"), readText(object.get("id"), "object.id"),
                readVersion(object.get("version"), "object.version"), current, previous);
    }

    private static int readVersion(Object value, String field) throws InvalidPayloadException {
        if (value == null) {
            return 1;
        }
        BigDecimal number;
        if (value instanceof Number n) {
            number = toBigDecimal(n);
        }
        else if (value instanceof String text) {
            // A version is a small integer: a long text is not one (and BigDecimal parses digits in quadratic time).
            if (text.length() > MAX_VERSION_TEXT) {
                throw new InvalidPayloadException(field + " must be an integer, got '" + abbreviate(text) + "'");
            }
            try {
                number = new BigDecimal(text.strip());
            }
            catch (NumberFormatException ex) {
                throw new InvalidPayloadException(field + " must be an integer, got '" + abbreviate(text) + "'");
            }
        }
        else {
            throw new InvalidPayloadException(field + " must be an integer, got " + describe(value));
        }
        // 1e-2147483000 is one short text, but intValueExact and toPlainString would write out its digits:
        // a huge exponent is refused before anything is computed from it.
        if (number.scale() > MAX_VERSION_SCALE || number.scale() < -MAX_VERSION_SCALE) {
            throw new InvalidPayloadException(field + " must be an integer, got " + abbreviate(number.toString()));
        }
        try {
            int version = number.intValueExact();
            if (version < 0) {
                throw new InvalidPayloadException(field + " must not be negative, got " + version);
            }
            return version;
        }
        catch (ArithmeticException ex) {
            throw new InvalidPayloadException(field + " must be an integer, got " + abbreviate(number.toString()));
        }
    }

    /** The longest text read as a version; a version is a small integer. */
    private static final int MAX_VERSION_TEXT = 40;

    /** The largest exponent (either way) of a number read as a version. */
    private static final int MAX_VERSION_SCALE = 20;

    private static BigDecimal toBigDecimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Long.MAX_VALUE).pow(2);
        }
        return BigDecimal.valueOf(number.longValue());
    }

    /** Strings as they are; numbers and booleans as their text (tolerant reader); nothing else. */
    private static String readText(Object value, String field) throws InvalidPayloadException {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new InvalidPayloadException(field + " must be a string, got " + describe(value));
    }

    /**
     * An optional nested object.
     *
     * @param parent the enclosing object
     * @param key the key in the parent
     * @param field the full field path for messages, e.g. {@code object.current}
     * @return the object, or {@code null} when absent or JSON null
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key, String field)
            throws InvalidPayloadException {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new InvalidPayloadException(field + " must be an object, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    private static String describe(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number (" + value + ")";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
