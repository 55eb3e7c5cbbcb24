package io.sqsmega.codec.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqsmega.event.Timestamps;
import io.sqsmega.json.MegaJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The shared sample bodies ({@code shared/vectors/bodies.json}, beside the project root) and the
 * comparison of a decode report (the {@code sqs-mega decode} document) with a sample's expected
 * decoding. Used by the core tests and by the CLI's jar test.
 */
public final class BodyVectors {

    private BodyVectors() {
    }

    /**
     * One sample body.
     *
     * @param name what the case is about
     * @param body the exact SQS body
     * @param kind the expected kind
     * @param expected the whole entry
     */
    public record Vector(String name, String body, String kind, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Loads the vectors. The file is not copied into the project: it is read from
     * {@code ../shared/vectors/bodies.json} relative to the reactor root (system property
     * {@code sqsmega.root}, set by the build), or found walking up from the working directory.
     *
     * @return the vectors in file order
     */
    public static List<Vector> load() {
        Path file = locate();
        try {
            JsonNode array = MegaJson.newMapper(10_000).readTree(Files.readString(file));
            List<Vector> vectors = new ArrayList<>();
            for (JsonNode entry : array) {
                vectors.add(new Vector(entry.get("name").asText(), entry.get("body").asText(),
                        entry.get("kind").asText(), entry));
            }
            return vectors;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
    }

    private static Path locate() {
        List<Path> starts = new ArrayList<>();
        String root = System.getProperty("sqsmega.root");
        if (root != null) {
            starts.add(Paths.get(root));
        }
        starts.add(Paths.get("").toAbsolutePath());
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared/vectors/bodies.json");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                candidate = dir.resolveSibling("shared").resolve("vectors/bodies.json");
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("shared/vectors/bodies.json not found beside the project root (looked from "
                + starts + "). Check out the shared/ folder next to the repository, as CI does.");
    }

    /**
     * Asserts that a decode report matches a vector: same kind; the expected value (MEGA
     * timestamps compared as instants, numbers by value, absent and empty optional sections
     * alike); the SNS metadata when expected, none otherwise; a reason exactly for invalid bodies.
     *
     * @param vector the vector
     * @param report the report as JSON
     */
    public static void assertReportMatches(Vector vector, JsonNode report) {
        JsonNode expected = vector.expected();
        assertThat(report.path("kind").asText()).as("kind of %s", vector.name()).isEqualTo(vector.kind());
        JsonNode value = report.get("value");
        switch (vector.kind()) {
            case "invalid" -> {
                assertThat(value.isNull()).as("value of invalid %s", vector.name()).isTrue();
                assertThat(report.path("reason").asText()).as("reason of %s", vector.name()).isNotBlank();
            }
            case "sns-confirmation" -> assertThat(value.isNull()).as("value of %s", vector.name()).isTrue();
            default -> {
                assertThat(report.get("reason").isNull()).as("reason of %s", vector.name()).isTrue();
                if (expected.has("value")) {
                    JsonNode want = normalize(expected.get("value"), vector.kind());
                    JsonNode got = normalize(value, vector.kind());
                    assertThat(got.equals(NUMBERS_BY_VALUE, want))
                            .as("value of %s:%n got      %s%n expected %s", vector.name(), got, want).isTrue();
                }
            }
        }
        JsonNode sns = report.get("sns");
        if (expected.has("sns")) {
            assertThat(sns.isObject()).as("sns of %s", vector.name()).isTrue();
            for (Map.Entry<String, JsonNode> field : expected.get("sns").properties()) {
                assertThat(sns.get(field.getKey())).as("sns.%s of %s", field.getKey(), vector.name())
                        .isEqualTo(field.getValue());
            }
        }
        else if (!vector.kind().equals("sns-confirmation")) {
            assertThat(sns.isNull()).as("sns of %s", vector.name()).isTrue();
        }
        else {
            assertThat(sns.path("type").asText()).isEqualTo("SubscriptionConfirmation");
        }
    }

    /** MEGA documents: timestamp as an instant, empty optional sections dropped. */
    private static JsonNode normalize(JsonNode value, String kind) {
        if (!"mega".equals(kind) || !value.isObject()) {
            return value;
        }
        ObjectNode copy = value.deepCopy();
        ObjectNode event = (ObjectNode) copy.get("event");
        Instant timestamp = Timestamps.parse(event.get("timestamp").asText());
        event.put("timestamp", timestamp.toString());
        dropIfEmpty(event, "attributes");
        dropIfEmpty(copy, "extra");
        dropIfEmpty(copy, "object");
        if (copy.get("object") instanceof ObjectNode object) {
            dropIfEmpty(object, "previous");
        }
        return copy;
    }

    private static void dropIfEmpty(ObjectNode parent, String key) {
        JsonNode child = parent.get(key);
        if (child != null && (child.isNull() || (child.isContainerNode() && child.isEmpty()))) {
            parent.remove(key);
        }
    }

    /** Numbers compare by value (1 equals 1.0 and an int equals a long); everything else exactly. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = a.decimalValue();
            BigDecimal y = b.decimalValue();
            return x.compareTo(y);
        }
        return a.equals(b) ? 0 : 1;
    };
}
