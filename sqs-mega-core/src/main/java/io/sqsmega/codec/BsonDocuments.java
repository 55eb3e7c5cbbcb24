package io.sqsmega.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.event.ImmutableValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonType;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;

/**
 * Reads BSON documents into plain Java values and writes JSON trees as BSON, with the type
 * mapping of the protocol (chosen so that the Python implementation reads what we write), and
 * documents come out frozen, built bottom-up:
 * integers that fit in 32 bits become int32, other integers int64, floating point double,
 * decimals double when the double gives the same decimal back and a string otherwise. Both
 * directions enforce a nesting limit, so a hostile document cannot exhaust the stack.
 */
final class BsonDocuments {

    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private BsonDocuments() {
    }

    /** The bytes are not exactly one well-formed BSON document. */
    static final class NotBsonException extends Exception {
        NotBsonException() {
            super(null, null, false, false);
        }
    }

    /** The document nests deeper than allowed. */
    static final class TooDeepException extends Exception {
        TooDeepException() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads one BSON document that must span all the bytes.
     *
     * @param bytes the bytes
     * @param maxDepth the deepest nesting accepted (the top-level document is depth 1)
     * @return the document with int32 as Integer, int64 as Long, double as Double, decimal128 as
     *         BigDecimal, date-time as Instant, binary as byte[], ObjectId as its hex string
     * @throws NotBsonException when the bytes are not one well-formed document
     * @throws TooDeepException when the document nests deeper than {@code maxDepth}
     */
    static Map<String, Object> read(byte[] bytes, int maxDepth) throws NotBsonException, TooDeepException {
        if (bytes.length < 5 || declaredLength(bytes) != bytes.length || bytes[bytes.length - 1] != 0) {
            throw new NotBsonException();
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            Map<String, Object> document = readDocument(reader, new Limits(bytes, maxDepth), 1);
            if (reader.getBsonInput().getPosition() != bytes.length) {
                throw new NotBsonException();
            }
            return document;
        }
        catch (RuntimeException ex) {
            // BsonSerializationException, BsonInvalidOperationException and friends: malformed bytes.
            throw new NotBsonException();
        }
    }

    private static int declaredLength(byte[] bytes) {
        return (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
    }

    /**
     * What one read may not exceed: the nesting depth, and the bytes that are there. A length
     * prefix is checked against the bytes left before the codec reads it, because the codec
     * allocates what a prefix declares: 17 bytes claiming a 2 GiB binary were an OutOfMemoryError.
     */
    private record Limits(byte[] bytes, int maxDepth) {

        /** Fails when the int32 length prefix at the reader's position claims more bytes than are left. */
        void checkLengthPrefix(BsonBinaryReader reader) {
            int position = reader.getBsonInput().getPosition();
            if (position + 4 > bytes.length) {
                throw new IllegalStateException("truncated");
            }
            long declared = (bytes[position] & 0xffL) | (bytes[position + 1] & 0xffL) << 8
                    | (bytes[position + 2] & 0xffL) << 16 | (long) bytes[position + 3] << 24;
            if (declared < 0 || declared > bytes.length - position - 4L) {
                throw new IllegalStateException("a length prefix claims " + declared + " bytes; " + (bytes.length - position - 4)
                        + " are left");
            }
        }
    }

    private static Map<String, Object> readDocument(BsonBinaryReader reader, Limits limits, int depth)
            throws TooDeepException {
        if (depth > limits.maxDepth()) {
            throw new TooDeepException();
        }
        reader.readStartDocument();
        Map<String, Object> document = new LinkedHashMap<>();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            document.put(name, readValue(reader, limits, depth));
        }
        reader.readEndDocument();
        return ImmutableValues.adoptFrozenValues(document);
    }

    private static Object readValue(BsonBinaryReader reader, Limits limits, int depth) throws TooDeepException {
        BsonType type = reader.getCurrentBsonType();
        switch (type) {
            case STRING, BINARY, JAVASCRIPT, SYMBOL, JAVASCRIPT_WITH_SCOPE, DB_POINTER:
                limits.checkLengthPrefix(reader);
                break;
            default:
                break;
        }
        switch (type) {
            case DOCUMENT:
                return readDocument(reader, limits, depth + 1);
            case ARRAY:
                if (depth + 1 > limits.maxDepth()) {
                    throw new TooDeepException();
                }
                reader.readStartArray();
                // Most lists in messages are short: room for 4, not ArrayList's 10, so none needs trimming.
                List<Object> list = new ArrayList<>(4);
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    list.add(readValue(reader, limits, depth + 1));
                }
                reader.readEndArray();
                return ImmutableValues.adoptFrozenElements(list);
            case INT32:
                return reader.readInt32();
            case INT64:
                return reader.readInt64();
            case DOUBLE:
                return reader.readDouble();
            case DECIMAL128:
                Decimal128 decimal = reader.readDecimal128();
                return decimal.isNaN() || decimal.isInfinite() ? decimal.toString() : decimal.bigDecimalValue();
            case STRING:
                return reader.readString();
            case BOOLEAN:
                return reader.readBoolean();
            case NULL:
                reader.readNull();
                return null;
            case UNDEFINED:
                reader.readUndefined();
                return null;
            case DATE_TIME:
                return Instant.ofEpochMilli(reader.readDateTime());
            case BINARY:
                return reader.readBinaryData().getData();
            case OBJECT_ID:
                return reader.readObjectId().toHexString();
            case TIMESTAMP:
                // An unsigned 64-bit value (the Python implementation writes integers above 2^63-1 this way).
                long bits = reader.readTimestamp().getValue();
                return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
            case SYMBOL:
                return reader.readSymbol();
            case JAVASCRIPT:
                return reader.readJavaScript();
            case REGULAR_EXPRESSION:
                return reader.readRegularExpression().getPattern();
            default:
                // MIN_KEY, MAX_KEY, DB_POINTER, JAVASCRIPT_WITH_SCOPE: no JSON counterpart.
                reader.skipValue();
                return null;
        }
    }

    /**
     * Writes a JSON object tree as one BSON document.
     *
     * @param tree the document
     * @return the BSON bytes
     * @throws IllegalArgumentException when a value has no BSON form
     */
    static byte[] write(JsonNode tree) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writeDocument(writer, tree);
        }
        return buffer.toByteArray();
    }

    private static void writeDocument(BsonBinaryWriter writer, JsonNode object) {
        writer.writeStartDocument();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (field.getKey().indexOf('\0') >= 0) {
                // BSON names are NUL-terminated C strings: the codec would fail deep inside with its own exception.
                throw new IllegalArgumentException("The key '" + field.getKey().replace("\0", "\\u0000")
                        + "' contains a NUL character, which BSON cannot hold in a name: rename the key or publish JSON");
            }
            writer.writeName(field.getKey());
            writeValue(writer, field.getValue());
        }
        writer.writeEndDocument();
    }

    private static void writeValue(BsonBinaryWriter writer, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> writeDocument(writer, node);
            case ARRAY -> {
                writer.writeStartArray();
                for (JsonNode element : node) {
                    writeValue(writer, element);
                }
                writer.writeEndArray();
            }
            case STRING -> writer.writeString(node.textValue());
            case BOOLEAN -> writer.writeBoolean(node.booleanValue());
            case NULL, MISSING -> writer.writeNull();
            case NUMBER -> writeNumber(writer, node);
            default -> throw new IllegalArgumentException("A value of type " + node.getNodeType()
                    + " has no BSON form: use maps, lists, strings, numbers, booleans and dates");
        }
    }

    private static void writeNumber(BsonBinaryWriter writer, JsonNode node) {
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (node.canConvertToInt()) {
                writer.writeInt32(node.intValue());
            }
            else if (value.compareTo(INT64_MIN) >= 0 && value.compareTo(INT64_MAX) <= 0) {
                writer.writeInt64(value.longValue());
            }
            else {
                // Beyond int64 BSON has no integer; the decimal text keeps every digit.
                writer.writeString(value.toString());
            }
            return;
        }
        if (node.isBigDecimal()) {
            BigDecimal decimal = node.decimalValue();
            double asDouble = decimal.doubleValue();
            if (Double.isFinite(asDouble) && BigDecimal.valueOf(asDouble).compareTo(decimal) == 0) {
                writer.writeDouble(asDouble);
            }
            else {
                writer.writeString(decimal.toPlainString());
            }
            return;
        }
        writer.writeDouble(node.doubleValue());
    }
}
