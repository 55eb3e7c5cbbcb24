package io.sqsmega.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadEncoder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the decoder with bodies and {@code mega-payload} attributes: it never throws, never takes
 * its catch-all (every failure is a bound with its own reason), keeps reasons short, and what it
 * reads as JSON data reads the same after encoding it again. In every build these run over the
 * committed seeds ({@code decoder-seeds.json}, the findings of issue 12 among them) and the
 * crashes Jazzer saved in {@code DecoderFuzzTestInputs/}; {@code docs/fuzzing.md} says how to fuzz.
 */
class DecoderFuzzTest {

    private static final BodyDecoder DECODER = BodyDecoder.create();
    private static final PayloadEncoder ENCODER = PayloadEncoder.create();

    static Stream<Arguments> decodesAnyBody() {
        return Seeds.load("decoder-seeds.json", "body", "attribute");
    }

    @MethodSource
    @FuzzTest(maxDuration = "5m")
    void decodesAnyBody(@NotNull String body, @NotNull String attribute) {
        Map<String, String> attributes = attribute.isEmpty() ? Map.of() : Map.of("mega-payload", attribute);
        DecodeResult result = FuzzBudget.timed("decoding " + body.length() + " characters", body.length(),
                List.of(body, attribute), () -> DECODER.decode(body, attributes));
        assertThat(result).isNotNull();
        if (result instanceof DecodeResult.Invalid invalid) {
            assertThat(invalid.reason()).doesNotStartWith("the body could not be decoded").hasSizeLessThan(1_000);
        }
        else if (result instanceof DecodeResult.Decoded decoded && decoded.envelope() == null
                && decoded.payload() instanceof Payload.Data data && body.startsWith("{")) {
            // As a publisher sends it: with the mega-payload attribute, so data that looks like MEGA stays data.
            EncodedBody again = ENCODER.encode(data.data(), Encoding.JSON);
            DecodeResult reread = DECODER.decode(again.body(), Map.of(again.attributeName(), again.attributeValue()));
            assertThat(reread).isInstanceOfSatisfying(DecodeResult.Decoded.class,
                    decodedAgain -> assertThat(decodedAgain.payload()).isEqualTo(data));
        }
    }

    static Stream<Arguments> decodesAnyBsonDocument() {
        return Seeds.load("decoder-seeds.json", "body").filter(seed -> isBase64((String) seed.get()[0]))
                .map(seed -> Arguments.of((Object) Base64.getDecoder().decode((String) seed.get()[0])));
    }

    @MethodSource
    @FuzzTest(maxDuration = "5m")
    void decodesAnyBsonDocument(byte @NotNull [] bytes) {
        String body = Base64.getEncoder().encodeToString(bytes);
        for (Map<String, String> attributes : java.util.List.of(Map.<String, String>of(), Map.of("mega-payload",
                "data+bson"), Map.of("mega-payload", "mega+bson"))) {
            DecodeResult result = DECODER.decode(body, attributes);
            assertThat(result).isNotNull();
            if (result instanceof DecodeResult.Invalid invalid) {
                assertThat(invalid.reason()).doesNotStartWith("the body could not be decoded").hasSizeLessThan(1_000);
            }
        }
    }

    private static boolean isBase64(String text) {
        try {
            return !text.isEmpty() && Base64.getDecoder().decode(text).length > 0;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
