package io.sqsmega.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.codec.vectors.BodyVectors;
import io.sqsmega.codec.vectors.BodyVectors.Vector;
import io.sqsmega.json.MegaJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CLI's entry point, in process: every vector, attributes, usage errors. */
class SqsMegaCliTest {

    record Run(int status, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SqsMegaCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<Vector> vectors() {
        return BodyVectors.load();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void printsOneLineForEveryVector(Vector vector) throws Exception {
        Run run = run(vector.body(), "decode");
        assertThat(run.status()).isZero();
        assertThat(run.out()).endsWith("\n").hasLineCount(1);
        JsonNode report = MegaJson.newMapper(10_000).readTree(run.out());
        assertThat(report.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("kind", "value", "sns", "reason");
        BodyVectors.assertReportMatches(vector, report);
    }

    @Test
    void theAttributeOverridesSniffing() {
        assertThat(run("test", "decode").out()).isEqualTo(
                "{\"kind\":\"binary\",\"value\":\"test\",\"sns\":null,\"reason\":null}\n");
        assertThat(run("test", "decode", "--attribute", "mega-payload=text", "--attribute", "other=x").out())
                .isEqualTo("{\"kind\":\"text\",\"value\":\"test\",\"sns\":null,\"reason\":null}\n");
    }

    @Test
    void invalidBodiesExitZeroWithAReason() {
        Run run = run("hello", "decode", "--attribute", "mega-payload=mega+json");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("{\"kind\":\"invalid\",\"value\":null,\"sns\":null,"
                + "\"reason\":\"mega-payload says mega+json but the body is not a JSON object\"}\n");
    }

    @Test
    void megaValuesShowDefaultsAndIsoTimestamps() {
        Run run = run("{\"protocol\":\"mega\",\"version\":\"1\",\"event\":{\"name\":\"a\",\"timestamp\":"
                + "\"2020-01-01T02:00:00+02:00\",\"k\":1}}", "decode");
        assertThat(run.out()).isEqualTo("{\"kind\":\"mega\",\"value\":{\"protocol\":\"mega\",\"version\":1,\"event\":"
                + "{\"name\":\"a\",\"timestamp\":\"2020-01-01T00:00:00.000Z\",\"version\":1,\"attributes\":{\"k\":1}}},"
                + "\"sns\":null,\"reason\":null}\n");
    }

    @Test
    void theBodyIsReadByteForByte() {
        assertThat(run("line\n", "decode").out()).contains("\"value\":\"line\\n\"");
        assertThat(run("", "decode").out()).isEqualTo("{\"kind\":\"text\",\"value\":\"\",\"sns\":null,\"reason\":null}\n");
    }

    @Test
    void usageErrorsExitTwoWithAMessage() {
        Run noCommand = run("", new String[0]);
        assertThat(noCommand.status()).isEqualTo(2);
        assertThat(noCommand.err()).contains("Missing command", "Usage: sqs-mega");

        Run badAttribute = run("", "decode", "--attribute", "novalue");
        assertThat(badAttribute.status()).isEqualTo(2);
        assertThat(badAttribute.err()).contains("KEY=VALUE");
        assertThat(badAttribute.out()).isEmpty();

        assertThat(run("", "frobnicate").status()).isEqualTo(2);
        assertThat(run("", "decode", "--nope").status()).isEqualTo(2);
    }

    @Test
    void helpExitsZero() {
        Run help = run("", "decode", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--attribute=NAME=VALUE");
    }
}
