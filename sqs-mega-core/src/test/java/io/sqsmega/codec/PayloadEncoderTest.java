package io.sqsmega.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.event.MegaObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PayloadEncoderTest {

    private final PayloadEncoder encoder = PayloadEncoder.create();
    private final BodyDecoder decoder = BodyDecoder.create();

    static MegaEvent sampleEvent() {
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("user_id", 987650);
        current.put("items", List.of(Map.of("id", "61fcc874", "quantity", 10)));
        current.put("value", "377.37");
        return MegaEvent.builder()
                .name("item.added")
                .timestamp(Instant.parse("2020-05-04T15:53:23.123Z"))
                .version(2)
                .domain("shopping_cart")
                .subject("987650")
                .publisher("shopping-cart-service")
                .attribute("item_id", "61fcc874")
                .attribute("quantity", 5)
                .attribute("price", "19.99")
                .object(new MegaObject("shopping_cart", "18a3f92e", 2, current, Map.of("user_id", 987650)))
                .extra("channel", "web/desktop")
                .build();
    }

    record Notification(String type, String notificationType, User user) {
    }

    record User(long id, String email) {
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void megaEventsRoundTrip(Encoding encoding) {
        MegaEvent event = sampleEvent();
        EncodedBody body = encoder.encode(event, encoding);

        assertThat(body.format().kind()).isEqualTo(PayloadKind.MEGA);
        assertThat(body.attributeValue()).isEqualTo(encoding == Encoding.JSON ? "mega+json" : "mega+bson");
        assertThat(decodeSniffing(body.body())).isEqualTo(new Payload.Mega(event));
        assertThat(decodeWithAttribute(body)).isEqualTo(new Payload.Mega(event));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void mapsRoundTripAsData(Encoding encoding) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "user_notification");
        data.put("count", 3);
        data.put("big", 1099511627776L);
        data.put("ratio", 1.5);
        data.put("flag", true);
        data.put("nothing", null);
        data.put("list", Arrays.asList(1, "two", Map.of("three", 3), null));
        EncodedBody body = encoder.encode(data, encoding);

        assertThat(body.attributeValue()).isEqualTo(encoding == Encoding.JSON ? "data+json" : "data+bson");
        assertThat(decodeSniffing(body.body())).isEqualTo(new Payload.Data(data));
        assertThat(decodeWithAttribute(body)).isEqualTo(new Payload.Data(data));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void pojosAndRecordsAreDataObjects(Encoding encoding) {
        EncodedBody body = encoder.encode(new Notification("user_notification", "email",
                new User(987650, "johndoe_86@example.com")), encoding);

        Payload payload = decodeWithAttribute(body);
        assertThat(payload).isInstanceOf(Payload.Data.class);
        assertThat(((Payload.Data) payload).data()).containsEntry("type", "user_notification")
                .containsEntry("notificationType", "email")
                .containsEntry("user", Map.of("id", 987650, "email", "johndoe_86@example.com"));
    }

    @Test
    void textTravelsAsIs() {
        EncodedBody body = encoder.encode("ação ✓ {not json");
        assertThat(body.body()).isEqualTo("ação ✓ {not json");
        assertThat(body.attributeValue()).isEqualTo("text");
        assertThat(decodeWithAttribute(body)).isEqualTo(new Payload.Text("ação ✓ {not json"));
    }

    @Test
    void textThatLooksLikeBase64OrJsonNeedsTheAttribute() {
        for (String text : List.of("test", "{\"a\":1}", "QUJD")) {
            EncodedBody body = encoder.encode(text);
            assertThat(decodeWithAttribute(body)).as(text).isEqualTo(new Payload.Text(text));
            assertThat(decodeSniffing(body.body())).as(text).isNotInstanceOf(Payload.Text.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void binaryTravelsAsStandardBase64(Encoding encoding) {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        EncodedBody body = encoder.encode(bytes, encoding);
        assertThat(body.body()).isEqualTo(Base64.getEncoder().encodeToString(bytes));
        assertThat(body.attributeValue()).isEqualTo("binary");
        assertThat(decodeSniffing(body.body())).isEqualTo(new Payload.Binary(bytes));
        assertThat(decodeWithAttribute(body)).isEqualTo(new Payload.Binary(bytes));
    }

    @Test
    void binaryThatIsABsonDocumentStaysBinaryWithTheAttribute() {
        byte[] bson = Base64.getDecoder().decode(encoder.encode(Map.of("a", 1), Encoding.BSON).body());
        EncodedBody body = encoder.encode(bson);
        assertThat(decodeWithAttribute(body)).isEqualTo(new Payload.Binary(bson));
    }

    @Test
    void decodedPayloadsEncodeBackToTheSameKind() {
        for (Payload payload : List.of(new Payload.Mega(sampleEvent()), new Payload.Data(Map.of("a", 1)),
                new Payload.Text("hi"), new Payload.Binary(new byte[] {1, 2, 3}))) {
            assertThat(decodeWithAttribute(encoder.encode(payload))).isEqualTo(payload);
        }
    }

    @Test
    void megaJsonIsCompactInProtocolFieldOrder() {
        String json = encoder.encode(sampleEvent()).body();
        assertThat(json).startsWith("{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"item.added\","
                + "\"timestamp\":\"2020-05-04T15:53:23.123Z\",\"version\":2,\"domain\":\"shopping_cart\","
                + "\"subject\":\"987650\",\"publisher\":\"shopping-cart-service\",\"attributes\":{");
        assertThat(json).contains("},\"object\":{\"type\":\"shopping_cart\",\"id\":\"18a3f92e\",\"version\":2,"
                + "\"current\":{");
        assertThat(json).endsWith(",\"extra\":{\"channel\":\"web/desktop\"}}");
        assertThat(json).doesNotContain(" ", "\n");
    }

    @Test
    void writersEmitMillisecondUtcTimestamps() {
        MegaEvent event = MegaEvent.builder().name("a").timestamp(Instant.parse("2020-05-22T03:03:07.209876Z"))
                .build();
        assertThat(encoder.encode(event).body()).contains("\"timestamp\":\"2020-05-22T03:03:07.209Z\"");
        MegaEvent whole = MegaEvent.builder().name("a").timestamp(Instant.parse("2020-05-22T03:03:07Z")).build();
        assertThat(encoder.encode(whole).body()).contains("\"timestamp\":\"2020-05-22T03:03:07.000Z\"");
    }

    @Test
    void bsonTypeMappingMatchesThePythonImplementation() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("int32", 5);
        data.put("int32_from_long", 7L);
        data.put("int32_min", (long) Integer.MIN_VALUE);
        data.put("int64", 1099511627776L);
        data.put("int64_big_integer", BigInteger.valueOf(Long.MAX_VALUE));
        data.put("too_big", new BigInteger("123456789012345678901234567890"));
        data.put("double", 1.5);
        data.put("float", 0.25f);
        data.put("decimal_exact", new BigDecimal("19.99"));
        data.put("decimal_inexact", new BigDecimal("0.10000000000000000000001"));
        data.put("string", "x");
        data.put("bool", false);
        data.put("null", null);
        data.put("instant", Instant.parse("2020-05-04T15:53:23.123Z"));
        data.put("date", LocalDate.parse("2020-01-01"));
        data.put("nested", List.of(List.of(1, 2), Map.of("k", List.of())));
        data.put("bytes", new byte[] {1, 2});

        BsonDocument bson = new RawBsonDocument(Base64.getDecoder().decode(encoder.encode(data, Encoding.BSON).body()));

        assertThat(bson.get("int32").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(bson.get("int32_from_long").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(bson.get("int32_min").asInt32().getValue()).isEqualTo(Integer.MIN_VALUE);
        assertThat(bson.get("int64").getBsonType()).isEqualTo(BsonType.INT64);
        assertThat(bson.get("int64").asInt64().getValue()).isEqualTo(1099511627776L);
        assertThat(bson.get("int64_big_integer").asInt64().getValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(bson.get("too_big").asString().getValue()).isEqualTo("123456789012345678901234567890");
        assertThat(bson.get("double").asDouble().getValue()).isEqualTo(1.5);
        assertThat(bson.get("float").asDouble().getValue()).isEqualTo(0.25);
        assertThat(bson.get("decimal_exact").asDouble().getValue()).isEqualTo(19.99);
        assertThat(bson.get("decimal_inexact").asString().getValue()).isEqualTo("0.10000000000000000000001");
        assertThat(bson.get("string").asString().getValue()).isEqualTo("x");
        assertThat(bson.get("bool").asBoolean().getValue()).isFalse();
        assertThat(bson.get("null").isNull()).isTrue();
        assertThat(bson.get("instant").asString().getValue()).isEqualTo("2020-05-04T15:53:23.123Z");
        assertThat(bson.get("date").asString().getValue()).isEqualTo("2020-01-01");
        assertThat(bson.get("nested").asArray().get(0).asArray().get(1).asInt32().getValue()).isEqualTo(2);
        assertThat(bson.get("nested").asArray().get(1).asDocument().get("k").asArray()).isEmpty();
        // Same in both encodings: JSON has no binary type, so nested bytes are a Base64 string.
        assertThat(bson.get("bytes").asString().getValue()).isEqualTo("AQI=");
        assertThat(bson.keySet()).containsExactlyElementsOf(data.keySet());
    }

    @Test
    void megaTimestampsAreBsonStringsNotDateTimes() {
        BsonDocument bson = new RawBsonDocument(
                Base64.getDecoder().decode(encoder.encode(sampleEvent(), Encoding.BSON).body()));
        assertThat(bson.getDocument("event").get("timestamp").asString().getValue())
                .isEqualTo("2020-05-04T15:53:23.123Z");
        assertThat(bson.get("version").getBsonType()).isEqualTo(BsonType.INT32);
        assertThat(bson.getDocument("event").get("version").getBsonType()).isEqualTo(BsonType.INT32);
    }

    @Test
    void bsonFromPythonDecodesToTheSameValuesAsOurs() {
        // The shared vector data-bson-int64-double-null-list, written by pymongo.
        String python = "UgAAABJuAAAAAAAAAQAAAWYAAAAAAAAA+D8IdAABCnoABGxpc3QAKgAAABAwAAEAAAACMQAEAAAAdHdvAAMyABAAAAAQdGhyZWUAAw"
                + "AAAAAAAA==";
        Payload fromPython = decodeSniffing(python);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("n", 1099511627776L);
        expected.put("f", 1.5);
        expected.put("t", true);
        expected.put("z", null);
        expected.put("list", List.of(1, "two", Map.of("three", 3)));
        assertThat(fromPython).isEqualTo(new Payload.Data(expected));
        assertThat(encoder.encode(expected, Encoding.BSON).body()).isEqualTo(python);
    }

    @Test
    void refusesWhatReadersWouldReject() {
        assertThatThrownBy(() -> encoder.encode("text", Encoding.BSON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be BSON-encoded");
        assertThatThrownBy(() -> encoder.encode(List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object").hasMessageContaining("ARRAY");
        assertThatThrownBy(() -> encoder.encode(42))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> encoder.encode(null)).isInstanceOf(NullPointerException.class);

        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 70; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            cursor.put("a", next);
            cursor = next;
        }
        assertThatThrownBy(() -> encoder.encode(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests deeper than 64 levels");
    }

    @Test
    void unconvertibleObjectsFailWithTheReason() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> encoder.encode(Map.of("cycle", cycle)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot convert the data object");
    }

    @Test
    void largeBodiesKeepUtf8Intact() {
        String text = "日本語".repeat(10_000);
        EncodedBody body = encoder.encode(Map.of("t", text));
        assertThat(body.body().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(90_000);
        assertThat(decodeWithAttribute(body)).isEqualTo(new Payload.Data(Map.of("t", text)));
    }

    private Payload decodeSniffing(String body) {
        DecodeResult result = decoder.decode(body);
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).payload();
    }

    private Payload decodeWithAttribute(EncodedBody body) {
        DecodeResult result = decoder.decode(body.body(), Map.of(body.attributeName(), body.attributeValue()));
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).payload();
    }

    // Edge cases found by checking our bodies against the Python implementation.

    @Test
    void negativeZeroKeepsItsSignInBson() {
        EncodedBody body = encoder.encode(Map.of("x", -0.0d), Encoding.BSON);
        BsonDocument bson = new RawBsonDocument(Base64.getDecoder().decode(body.body()));
        assertThat(bson.get("x").getBsonType()).isEqualTo(BsonType.DOUBLE);
        assertThat(Double.doubleToRawLongBits(bson.getDouble("x").getValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0d));
        assertThat(encoder.encode(Map.of("x", -0.0d), Encoding.JSON).body()).isEqualTo("{\"x\":-0.0}");
        assertThat(decodeSniffing(body.body())).isEqualTo(new Payload.Data(Map.of("x", -0.0d)));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void nanAndInfinitiesAreRefusedInEitherEncoding(Encoding encoding) {
        for (double value : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> encoder.encode(Map.of("x", value), encoding)).as("%s", value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds NaN or an infinity, which JSON cannot represent")
                    .hasMessageContaining("send null, or a string");
            MegaEvent event = MegaEvent.builder().name("a").timestamp(Instant.EPOCH).attribute("x", value).build();
            assertThatThrownBy(() -> encoder.encode(event, encoding)).as("%s", value)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN or an infinity");
        }
    }

    @Test
    void emptyBinaryAndEmptyTextAreRefusedBecauseSqsRefusesEmptyBodies() {
        assertThatThrownBy(() -> encoder.encode(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("An empty byte[] cannot be published");
        assertThatThrownBy(() -> encoder.encode("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("An empty String cannot be published");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void eventsMadeWithTheirPublicConstructorsAreWrittenInMilliseconds(Encoding encoding) {
        Instant nanos = Instant.parse("2020-05-04T15:53:23.123456789Z");
        MegaEvent event = new MegaEvent(new io.sqsmega.event.EventSection("a", nanos, 1, null, null, null, Map.of()),
                null, Map.of());
        EncodedBody body = encoder.encode(event, encoding);
        Payload.Mega decoded = (Payload.Mega) decodeWithAttribute(body);
        assertThat(decoded.event().timestamp()).isEqualTo(Instant.parse("2020-05-04T15:53:23.123Z"));
        if (encoding == Encoding.JSON) {
            assertThat(body.body()).contains("\"timestamp\":\"2020-05-04T15:53:23.123Z\"");
        }
    }

    @Test
    void aNulInAKeyIsRefusedInBsonWithAMessage() {
        assertThatThrownBy(() -> encoder.encode(Map.of("a\u0000b", 1), Encoding.BSON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains a NUL character, which BSON cannot hold in a name");
        assertThat(encoder.encode(Map.of("a\u0000b", 1), Encoding.JSON).body()).isEqualTo("{\"a\\u0000b\":1}");
    }

    @Test
    void bsonTimestampValuesAreReadAsUnsigned() {
        // Type 0x11, as the Python implementation writes integers above 2^63-1.
        org.bson.BsonDocument document = new org.bson.BsonDocument("big", new org.bson.BsonTimestamp(Long.MIN_VALUE))
                .append("small", new org.bson.BsonTimestamp(42L));
        org.bson.io.BasicOutputBuffer buffer = new org.bson.io.BasicOutputBuffer();
        new org.bson.codecs.BsonDocumentCodec().encode(new org.bson.BsonBinaryWriter(buffer), document,
                org.bson.codecs.EncoderContext.builder().build());
        String body = Base64.getEncoder().encodeToString(buffer.toByteArray());
        Payload.Data data = (Payload.Data) decodeWithAttribute(new EncodedBody(body, PayloadFormat.DATA_BSON));
        assertThat(data.data()).containsEntry("big", new BigInteger("9223372036854775808")).containsEntry("small", 42L);
    }
}
