package io.sqsmega.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Feeds the decoder 100,000+ generated bodies (random text, Base64 of random bytes, mutated BSON,
 * mutated MEGA JSON and SNS envelopes) and checks that every call returns a result and none throws.
 * The seed is fixed for reproducibility and printed in any failure.
 */
class DecoderRandomizedTest {

    private static final long SEED = 0x5E6A_2026L;
    private static final int PER_GENERATOR = 25_000;
    private static final Set<String> LABELS = Set.of("mega", "data", "text", "binary", "invalid", "sns-confirmation");
    private static final String ALPHABET = "{}[]\":,.-+/=0123456789eEtrufalsn \\\n\tABCabcxyzXYZ"
            + "éß日本\u0000\u001f\uFFFF";

    private final BodyDecoder decoder = BodyDecoder.create();
    private final Random random = new Random(SEED);
    private final String validMega = PayloadEncoder.create().encode(PayloadEncoderTest.sampleEvent()).body();
    private final byte[] validBson = Base64.getDecoder().decode(
            PayloadEncoder.create().encode(PayloadEncoderTest.sampleEvent(), Encoding.BSON).body());
    private final String validEnvelope = BodyDecoderTest.envelope("Notification", "hello", "");

    @Test
    void neverThrowsAndAlwaysReturnsAKind() {
        int[] counts = new int[6];
        Map<String, Supplier<String>> generators = Map.of(
                "random text", this::randomText,
                "base64 of random bytes", () -> Base64.getEncoder().encodeToString(randomBytes(random.nextInt(200))),
                "mutated BSON", () -> Base64.getEncoder().encodeToString(mutate(validBson.clone())),
                "mutated MEGA JSON", () -> mutate(validMega),
                "mutated SNS envelope", () -> mutate(validEnvelope));
        generators.forEach((name, generator) -> {
            for (int i = 0; i < PER_GENERATOR; i++) {
                String body = generator.get();
                DecodeResult result;
                try {
                    result = decoder.decode(body, i % 7 == 0 ? Map.of(PayloadFormat.ATTRIBUTE, randomFormat()) : Map.of());
                }
                catch (Throwable ex) {
                    throw new AssertionError("seed " + SEED + ", " + name + " #" + i + " threw on body " + quote(body), ex);
                }
                if (result == null || !LABELS.contains(result.label())) {
                    fail("seed %d, %s #%d: no kind for body %s", SEED, name, i, quote(body));
                }
                counts[List.copyOf(LABELS).indexOf(result.label())]++;
            }
        });
        // The generators reach well beyond one kind; a decoder that returned 'invalid' for all would fail here.
        assertThat(Arrays.stream(counts).filter(c -> c > 0).count()).isGreaterThanOrEqualTo(5);
    }

    private String randomFormat() {
        PayloadFormat[] formats = PayloadFormat.values();
        return formats[random.nextInt(formats.length)].attributeValue();
    }

    private String randomText() {
        int length = random.nextInt(64);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x10000)
                    : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] mutate(byte[] bytes) {
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0) {
            return Arrays.copyOf(bytes, random.nextInt(bytes.length + 8));
        }
        return bytes;
    }

    private String mutate(String text) {
        StringBuilder mutated = new StringBuilder(text);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && mutated.length() > 0; i++) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(3)) {
                case 0 -> mutated.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> mutated.deleteCharAt(at);
                default -> mutated.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return mutated.toString();
    }

    private static String quote(String body) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(body)) + "\"";
    }
}
