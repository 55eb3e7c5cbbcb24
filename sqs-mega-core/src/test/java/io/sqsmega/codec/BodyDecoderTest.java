package io.sqsmega.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.event.MegaEvent;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyDecoderTest {

    private final BodyDecoder decoder = BodyDecoder.create();
    private final PayloadEncoder encoder = PayloadEncoder.create();

    private static final String MINIMAL = "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"a\","
            + "\"timestamp\":\"2020-01-01T00:00:00Z\"%s}%s}";

    private static String mega(String eventExtra, String rootExtra) {
        return MINIMAL.formatted(eventExtra, rootExtra);
    }

    @Nested
    class MegaPayloads {

        @ParameterizedTest
        @ValueSource(strings = {"1", "1.0", "\"1\""})
        void acceptVersionOneInEveryForm(String version) {
            String body = "{\"protocol\":\"mega\",\"version\":" + version
                    + ",\"event\":{\"name\":\"a\",\"timestamp\":\"2020-01-01T00:00:00Z\"}}";
            assertThat(event(body).name()).isEqualTo("a");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2", "\"2\"", "0", "null", "\"one\""})
        void otherVersionsAreDataObjects(String version) {
            String body = "{\"protocol\":\"mega\",\"version\":" + version + ",\"event\":{\"name\":\"a\"}}";
            assertThat(payload(body)).isInstanceOf(Payload.Data.class);
        }

        @Test
        void noVersionMarkerIsData() {
            assertThat(payload("{\"protocol\":\"mega\",\"event\":{\"name\":\"a\"}}")).isInstanceOf(Payload.Data.class);
        }

        @Test
        void appliesDefaultsAndMovesUnlistedKeysIntoAttributes() {
            MegaEvent event = event(mega(",\"username\":\"john\",\"attributes\":{\"a\":1,\"username\":\"kept\"}", ""));
            assertThat(event.version()).isEqualTo(1);
            assertThat(event.attributes()).containsExactly(Map.entry("a", 1), Map.entry("username", "kept"));
            assertThat(event.object()).isEmpty();
            assertThat(event.extra()).isEmpty();
            assertThat(event.timestamp()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        }

        @Test
        void keepsTheTextOfNumericIdsAndDefaultsObjectVersion() {
            MegaEvent event = event(mega("", ",\"object\":{\"id\":12345678901,\"current\":{\"x\":1}}"));
            assertThat(event.object().orElseThrow().id()).isEqualTo("12345678901");
            assertThat(event.object().orElseThrow().version()).isEqualTo(1);
            assertThat(event.object().orElseThrow().previous()).isNull();
        }

        @Test
        void readsTimestampsWithOffsetsAndNineDigits() {
            assertThat(event(MINIMAL.replace("2020-01-01T00:00:00Z", "2020-01-01T02:00:00.123456789+02:00")
                    .formatted("", "")).timestamp()).isEqualTo(Instant.parse("2020-01-01T00:00:00.123456789Z"));
        }

        @Test
        void decodedEventsAreImmutable() {
            MegaEvent event = event(mega(",\"attributes\":{\"list\":[1]}", ""));
            assertThatThrownBy(() -> event.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) event.attribute("list");
            assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class InvalidMegaPayloads {

        @Test
        void nameEachBrokenRequiredField() {
            assertThat(reason("{\"protocol\":\"mega\",\"version\":1}")).isEqualTo("invalid MEGA payload: event is missing");
            assertThat(reason("{\"protocol\":\"mega\",\"version\":1,\"event\":[]}"))
                    .isEqualTo("invalid MEGA payload: event must be an object, got an array");
            assertThat(reason("{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":5,\"timestamp\":\"2020-01-01T00:00:00Z\"}}"))
                    .isEqualTo("invalid MEGA payload: event.name must be a string, got a number (5)");
            assertThat(reason("{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"\",\"timestamp\":\"2020-01-01T00:00:00Z\"}}"))
                    .isEqualTo("invalid MEGA payload: event.name is empty");
            assertThat(reason("{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"a\"}}"))
                    .isEqualTo("invalid MEGA payload: event.timestamp is missing");
            assertThat(reason(mega("", ",\"object\":{\"id\":\"1\"}")))
                    .isEqualTo("invalid MEGA payload: object.current is missing (required when object is present)");
            assertThat(reason(mega("", ",\"object\":{\"current\":[1]}")))
                    .isEqualTo("invalid MEGA payload: object.current must be an object, got an array");
            assertThat(reason(mega(",\"version\":\"two\"", "")))
                    .isEqualTo("invalid MEGA payload: event.version must be an integer, got 'two'");
            assertThat(reason(mega(",\"attributes\":5", "")))
                    .isEqualTo("invalid MEGA payload: event.attributes must be an object, got a number (5)");
            assertThat(reason(mega("", ",\"extra\":\"x\"")))
                    .isEqualTo("invalid MEGA payload: extra must be an object, got a string");
        }

        @ParameterizedTest
        @ValueSource(strings = {"yesterday", "2020-01-01", "2020-13-01T00:00:00Z", "2020-01-01T25:00:00Z",
            "2020-01-01T00:00:00.1234567890Z", "2020-02-30T00:00:00Z"})
        void rejectUnparsableTimestamps(String timestamp) {
            assertThat(reason(MINIMAL.replace("2020-01-01T00:00:00Z", timestamp).formatted("", "")))
                    .startsWith("invalid MEGA payload: event.timestamp '" + timestamp + "' is not an ISO-8601 date-time");
        }
    }

    @Nested
    class Sniffing {

        @Test
        void jsonValuesThatAreNotObjectsAreTextAsTheBodySaysThem() {
            for (String body : List.of("123", "\"x\"", "[1, 2]", "null", "true", " 1 ")) {
                assertThat(payload(body)).as(body).isEqualTo(new Payload.Text(body));
            }
        }

        @Test
        void trailingGarbageIsNotJson() {
            assertThat(payload("{\"a\":1} x")).isEqualTo(new Payload.Text("{\"a\":1} x"));
        }

        @Test
        void onlyStrictBase64IsBinary() {
            assertThat(payload("dGVzdA==")).isEqualTo(new Payload.Binary("test".getBytes()));
            for (String body : List.of("dGVzdA", "dGVzdA=", "dG VzdA==", "dGVzdA==\n", "dGV=dA==", "d===",
                    "dGVzdA-_", "=AAA")) {
                assertThat(payload(body)).as(body).isEqualTo(new Payload.Text(body));
            }
        }

        @Test
        void bsonWithTrailingBytesIsBinary() {
            byte[] bson = Base64.getDecoder().decode(encoder.encode(Map.of("a", 1), Encoding.BSON).body());
            byte[] longer = java.util.Arrays.copyOf(bson, bson.length + 1);
            assertThat(payload(Base64.getEncoder().encodeToString(longer))).isEqualTo(new Payload.Binary(longer));
        }

        @Test
        void deepBsonIsInvalidNotAStackOverflow() {
            // 100 nested documents {"a": {"a": ...}} written by hand, as no sane writer would.
            int depth = 100;
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            writeNested(out, depth);
            String body = Base64.getEncoder().encodeToString(out.toByteArray());
            assertThat(reason(body)).isEqualTo("the BSON document nests deeper than the limit of 64 levels");
        }

        private void writeNested(java.io.ByteArrayOutputStream out, int depth) {
            byte[] inner = new byte[0];
            for (int i = 0; i < depth; i++) {
                int length = 4 + (inner.length == 0 ? 0 : 1 + 2 + inner.length) + 1;
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                buffer.putInt(length);
                if (inner.length > 0) {
                    buffer.put((byte) 0x03).put((byte) 'a').put((byte) 0).put(inner);
                }
                buffer.put((byte) 0);
                inner = buffer.array();
            }
            out.writeBytes(inner);
        }
    }

    @Nested
    class PayloadAttribute {

        @Test
        void textAttributeWinsOverSniffing() {
            assertThat(payload("test", "text")).isEqualTo(new Payload.Text("test"));
            assertThat(payload("{\"a\":1}", "TEXT")).isEqualTo(new Payload.Text("{\"a\":1}"));
        }

        @Test
        void dataAttributeKeepsMegaShapedObjectsAsData() {
            assertThat(payload(mega("", ""), "data+json")).isInstanceOf(Payload.Data.class);
        }

        @Test
        void contradictionsAreInvalid() {
            assertThat(reason("hello", "data+json")).isEqualTo("mega-payload says data+json but the body is not a JSON object");
            assertThat(reason("[1]", "data+json")).isEqualTo("mega-payload says data+json but the body is not a JSON object");
            assertThat(reason("{\"a\":1}", "mega+json")).startsWith("mega-payload says mega+json but the document lacks the MEGA v1 markers");
            assertThat(reason("hello", "binary")).isEqualTo("mega-payload says binary but the body is not standard Base64");
            assertThat(reason("dGVzdA==", "data+bson")).isEqualTo("mega-payload says data+bson but the Base64 bytes are not one BSON document");
            assertThat(reason("{}", "mega+bson")).isEqualTo("mega-payload says mega+bson but the body is not standard Base64");
        }

        @Test
        void unknownValuesFallBackToSniffing() {
            assertThat(payload("dGVzdA==", "gzip+json")).isInstanceOf(Payload.Binary.class);
        }

        @Test
        void envelopeAttributeAppliesToTheMessage() {
            String body = envelope("Notification", "test", "\"MessageAttributes\":{\"mega-payload\":"
                    + "{\"Type\":\"String\",\"Value\":\"text\"}},");
            DecodeResult result = decoder.decode(body);
            assertThat(((DecodeResult.Decoded) result).payload()).isEqualTo(new Payload.Text("test"));
            assertThat(result.sns().orElseThrow().attributeValue("mega-payload")).isEqualTo("text");
        }
    }

    @Nested
    class SnsEnvelopes {

        @Test
        void exposeEveryMetadataField() {
            DecodeResult result = decoder.decode(envelope("Notification", "hi", "\"Subject\":\"s\","));
            SnsEnvelope sns = result.sns().orElseThrow();
            assertThat(sns.type()).isEqualTo("Notification");
            assertThat(sns.messageId()).isEqualTo("m-1");
            assertThat(sns.topicArn()).isEqualTo("arn:aws:sns:us-east-1:000000000000:t");
            assertThat(sns.subject()).isEqualTo("s");
            assertThat(sns.timestamp()).isEqualTo(Instant.parse("2020-05-22T03:03:07.982Z"));
            assertThat(sns.signatureVersion()).isEqualTo("1");
            assertThat(sns.unsubscribeUrl()).isEqualTo("https://example.invalid/unsubscribe");
            assertThat(sns.isConfirmation()).isFalse();
        }

        @Test
        void confirmationsAreReportedNotDispatched() {
            assertThat(decoder.decode(envelope("UnsubscribeConfirmation", "bye", "")))
                    .isInstanceOf(DecodeResult.SnsConfirmation.class);
        }

        @Test
        void unknownTypesAndBadTimestampsAreInvalid() {
            assertThat(reason(envelope("Surprise", "x", ""))).startsWith("unknown SNS message Type 'Surprise'");
            assertThat(reason(envelope("Notification", "x", "").replace("2020-05-22T03:03:07.982Z", "soon")))
                    .isEqualTo("the SNS envelope's Timestamp 'soon' is not an ISO-8601 date-time");
        }

        @Test
        void invalidMessagesKeepTheEnvelope() {
            DecodeResult result = decoder.decode(envelope("Notification",
                    "{\\\"protocol\\\":\\\"mega\\\",\\\"version\\\":1}", ""));
            assertThat(result).isInstanceOf(DecodeResult.Invalid.class);
            assertThat(result.sns()).isPresent();
        }

        @Test
        void objectsMissingAnEnvelopeFieldAreData() {
            String body = envelope("Notification", "x", "").replace("\"TopicArn\"", "\"Topic\"");
            assertThat(payload(body)).isInstanceOf(Payload.Data.class);
        }
    }

    @Nested
    class Limits {

        @Test
        void bodiesOverTheLimitAreInvalid() {
            BodyDecoder small = BodyDecoder.builder().maxBodyBytes(10).build();
            assertThat(((DecodeResult.Invalid) small.decode("ééééééé")).reason())
                    .isEqualTo("the body is 14 bytes, over the limit of 10 bytes");
            assertThat(small.decode("éééé")).isInstanceOf(DecodeResult.Decoded.class);
        }

        @Test
        void theDefaultLimitIsTheSqsMaximum() {
            String max = "x".repeat(BodyDecoder.SQS_MAX_BODY_BYTES);
            assertThat(decoder.decode(max)).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(decoder.decode(max + "x")).isInstanceOf(DecodeResult.Invalid.class);
        }

        @Test
        void depthIsConfigurable() {
            BodyDecoder shallow = BodyDecoder.builder().maxDepth(3).build();
            assertThat(shallow.decode("{\"a\":{\"b\":{}}}")).isInstanceOf(DecodeResult.Decoded.class);
            assertThat(((DecodeResult.Invalid) shallow.decode("{\"a\":{\"b\":{\"c\":{}}}}")).reason())
                    .isEqualTo("the JSON document nests deeper than the limit of 3 levels");
            assertThatThrownBy(() -> BodyDecoder.builder().maxDepth(1)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void emptyMapsAndListsAreSharedSoThatMemoryStaysNearTheBodySize() {
            // 1 MiB of {} held 29 MiB of empty maps; of [] 18 MiB. Now one instance each.
            Map<?, ?> data = ((Payload.Data) payload("{\"a\":[{},{},[],[]],\"b\":{},\"c\":[]}")).data();
            List<?> a = (List<?>) data.get("a");
            assertThat(a.get(0)).isSameAs(a.get(1)).isSameAs(data.get("b")).isEqualTo(Map.of());
            assertThat(a.get(2)).isSameAs(a.get(3)).isSameAs(data.get("c")).isEqualTo(List.of());
            String base64 = encoder.encode(Map.of("a", List.of(Map.of(), Map.of(), List.of(), List.of())),
                    Encoding.BSON).body();
            List<?> bson = (List<?>) ((Payload.Data) payload(base64)).data().get("a");
            assertThat(bson.get(0)).isSameAs(bson.get(1)).isSameAs(a.get(0));
            assertThat(bson.get(2)).isSameAs(bson.get(3)).isSameAs(a.get(2));
        }

        @Test
        void aNumberBeyondTheRangeOfADoubleMakesAnObjectInvalidNotInfinite() {
            // Found by DecoderFuzzTest: 1e400 read as Infinity, which the encoder (rightly) refuses to write back.
            assertThat(reason("{\"x\":1e400}")).isEqualTo("the body exceeds a JSON reader limit: the number 1e400 is "
                    + "beyond the range of a double (about 1.8e308)");
            assertThat(reason("{\"x\":-" + "9".repeat(400) + ".5}")).contains("the number -" + "9".repeat(36) + "... is beyond");
            assertThat(payload("{\"x\":1e-400}")).isEqualTo(new Payload.Data(Map.of("x", 0.0)));
            // Any other JSON value is text, whatever its numbers.
            assertThat(payload("1e400")).isEqualTo(new Payload.Text("1e400"));
            assertThat(payload("[1e400]")).isEqualTo(new Payload.Text("[1e400]"));
        }

        @Test
        void nullBodiesAndAttributesAreEmpty() {
            assertThat(payload(null)).isEqualTo(new Payload.Text(""));
            assertThat(decoder.decode("x", null)).isInstanceOf(DecodeResult.Decoded.class);
        }
    }

    static String envelope(String type, String message, String more) {
        return "{\"Type\":\"" + type + "\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:000000000000:t\","
                + more + "\"Message\":\"" + message + "\",\"Timestamp\":\"2020-05-22T03:03:07.982Z\","
                + "\"SignatureVersion\":\"1\",\"Signature\":\"c2ln\",\"SigningCertURL\":\"https://example.invalid/cert\","
                + "\"UnsubscribeURL\":\"https://example.invalid/unsubscribe\"}";
    }

    // Hostile bodies (issue 12): what a length prefix or a version claims is checked before it costs anything.

    /** A BSON document with one element of {@code type} named "a" whose int32 length prefix claims {@code declared} bytes. */
    private static String bsonClaiming(int type, int declared) {
        java.nio.ByteBuffer document = java.nio.ByteBuffer.allocate(17).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        document.putInt(17).put((byte) type).put((byte) 'a').put((byte) 0).putInt(declared).put(new byte[6]);
        return java.util.Base64.getEncoder().encodeToString(document.array());
    }

    @Test
    void aBsonLengthPrefixThatClaimsMoreBytesThanThereAreAllocatesNothing() {
        // The issue's own body: a binary element claiming 0x7ffffff0 bytes, an OutOfMemoryError before.
        assertThat(bsonClaiming(0x05, 0x7ffffff0)).isEqualTo("EQAAAAVhAPD//38AAAAAAAA=");
        for (int type : new int[] {0x02, 0x05, 0x0D, 0x0E, 0x0F}) {
            for (int declared : new int[] {0x7ffffff0, 0x40000000, 1 << 20, -5}) {
                String body = bsonClaiming(type, declared);
                assertThat(reason(body, "data+bson")).as("type %s claiming %s", type, declared)
                        .isEqualTo("mega-payload says data+bson but the Base64 bytes are not one BSON document");
                assertThat(payload(body)).as("sniffed").isInstanceOf(Payload.Binary.class);
            }
        }
    }

    @Test
    void aVersionWithAHugeExponentIsRefusedCheaplyWithAShortReason() {
        for (String version : new String[] {"1e-2147483000", "1e2147483000", "1e-2147483647", "1e-29999999"}) {
            String eventVersion = "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"a\","
                    + "\"timestamp\":\"2020-01-01T00:00:00Z\",\"version\":\"" + version + "\"}}";
            assertThat(reason(eventVersion)).as(version).startsWith("invalid MEGA payload: event.version must be an integer, got ")
                    .hasSizeLessThan(160);
            String objectVersion = "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"a\","
                    + "\"timestamp\":\"2020-01-01T00:00:00Z\"},\"object\":{\"current\":{},\"version\":\"" + version + "\"}}";
            assertThat(reason(objectVersion)).as(version).startsWith("invalid MEGA payload: object.version must be an integer, got ")
                    .hasSizeLessThan(160);
        }
        String manyDigits = "7".repeat(200_000);
        assertThat(reason("{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"a\","
                + "\"timestamp\":\"2020-01-01T00:00:00Z\",\"version\":\"" + manyDigits + "\"}}"))
                .startsWith("invalid MEGA payload: event.version must be an integer, got '777").hasSizeLessThan(160);
    }

    private MegaEvent event(String body) {
        Payload payload = payload(body);
        assertThat(payload).isInstanceOf(Payload.Mega.class);
        return ((Payload.Mega) payload).event();
    }

    private Payload payload(String body) {
        DecodeResult result = decoder.decode(body);
        assertThat(result).as("result of %s", body).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).payload();
    }

    private Payload payload(String body, String format) {
        DecodeResult result = decoder.decode(body, Map.of(PayloadFormat.ATTRIBUTE, format));
        assertThat(result).as("result of %s", body).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).payload();
    }

    private String reason(String body) {
        DecodeResult result = decoder.decode(body);
        assertThat(result).as("result of %s", body).isInstanceOf(DecodeResult.Invalid.class);
        return ((DecodeResult.Invalid) result).reason();
    }

    private String reason(String body, String format) {
        DecodeResult result = decoder.decode(body, Map.of(PayloadFormat.ATTRIBUTE, format));
        assertThat(result).as("result of %s", body).isInstanceOf(DecodeResult.Invalid.class);
        return ((DecodeResult.Invalid) result).reason();
    }
}
