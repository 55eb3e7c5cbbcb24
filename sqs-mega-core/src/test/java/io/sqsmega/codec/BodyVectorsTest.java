package io.sqsmega.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.codec.vectors.BodyVectors;
import io.sqsmega.codec.vectors.BodyVectors.Vector;
import io.sqsmega.json.MegaJson;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample body of {@code shared/vectors/bodies.json} decodes as the protocol requires. */
class BodyVectorsTest {

    private final BodyDecoder decoder = BodyDecoder.create();

    static List<Vector> vectors() {
        return BodyVectors.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsSpecified(Vector vector) {
        DecodeResult result = decoder.decode(vector.body());
        JsonNode report = MegaJson.mapper().valueToTree(DecodeReport.of(result));
        BodyVectors.assertReportMatches(vector, report);
    }

    @Test
    void coversEveryKind() {
        assertThat(vectors().stream().map(Vector::kind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("mega", "data", "text", "binary", "invalid", "sns-confirmation");
    }

    @Test
    void invalidVectorsSayWhatIsWrong() {
        assertThat(reason("mega-invalid-no-name")).isEqualTo("invalid MEGA payload: event.name is missing");
        assertThat(reason("mega-invalid-bad-timestamp")).contains("event.timestamp 'yesterday'", "ISO-8601");
        assertThat(reason("deep-nesting-array")).contains("nests deeper than the limit of 64 levels");
        assertThat(reason("deep-nesting-object")).contains("nests deeper than the limit of 64 levels");
    }

    private String reason(String name) {
        Vector vector = vectors().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
        return ((DecodeResult.Invalid) decoder.decode(vector.body())).reason();
    }
}
