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
    void aLoneSurrogateIsPrintedAsItsEscapeNotAsAQuestionMark() {
        Run run = run("{\"note\":\"\\ud800 and \\ud83d\\ude00\"}", "decode");
        assertThat(run.out()).isEqualTo("{\"kind\":\"data\",\"value\":{\"note\":\"\\uD800 and \ud83d\ude00\"},"
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

    private static final String ITEM_ADDED = "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"item.added\","
            + "\"timestamp\":\"2020-01-01T00:00:00Z\",\"quantity\":5}}";

    @Test
    void matchPrintsTrueFalseOrUndecided() {
        assertThat(run(ITEM_ADDED, "match", "--expr", "event.name == 'item.added' && event.quantity > 0").out())
                .isEqualTo("true\n");
        assertThat(run(ITEM_ADDED, "match", "--expr", "event.quantity > 5").out()).isEqualTo("false\n");
        assertThat(run(ITEM_ADDED, "match", "--expr", "vip(event.name, 1)", "--function", "vip=throw").out())
                .isEqualTo("undecided\n");
        assertThat(run(ITEM_ADDED, "match", "--expr", "vip() && !no(event.name)", "--function", "vip=true",
                "--function", "no=false").out()).isEqualTo("true\n");
        Run run = run("test", "match", "--expr", "text == 'test' && message.attributes.tenant == 'acme'",
                "--attribute", "mega-payload=text", "--attribute", "tenant=acme");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("true\n");
    }

    @Test
    void matchOnAnInvalidBodyIsFalseWithTheReason() {
        Run run = run("{\"protocol\":\"mega\",\"version\":1}", "match", "--expr", "true");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("false\n");
        assertThat(run.err()).contains("invalid body: invalid MEGA payload: event is missing");
    }

    @Test
    void matchOverTheBudgetIsFalseWithTheReason() {
        String body = "{\"a\":[" + "1,".repeat(40) + "1],\"b\":[" + "2,".repeat(40) + "2]}";
        Run run = run(body, "match", "--expr", "data.a[*] == data.b[*]");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("false\n");
        assertThat(run.err()).contains("over the match budget: data.a[*] == data.b[*] would evaluate 1,681 "
                + "combinations of multi-valued values, more than the 1,024 allowed");
    }

    @Test
    void compileErrorsGoToStandardErrorWithExitTwo() {
        Run run = run(ITEM_ADDED, "match", "--expr", "strtsWith(event.name, 'item')");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                unknown function 'strtsWith' at line 1, column 1
                  strtsWith(event.name, 'item')
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                hint: did you mean 'startsWith'?
                """);
    }

    @Test
    void matchUsageErrors() {
        assertThat(run("", "match").status()).isEqualTo(2);
        Run badFunction = run("", "match", "--expr", "f()", "--function", "f=maybe");
        assertThat(badFunction.status()).isEqualTo(2);
        assertThat(badFunction.err()).contains("the behaviour must be true, false or throw");
        assertThat(run("", "match", "--expr", "lower()", "--function", "lower=true").err())
                .contains("'lower' is a built-in match function");
    }

    @Test
    void helpExitsZero() {
        Run help = run("", "decode", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--attribute=NAME=VALUE");
    }

    @Test
    void matchExplainShowsEveryConditionTheValuesItReadAndWhatDecided() {
        Run run = run("{\"sku\":\"A-1\",\"quantity\":2}", "match", "--explain", "--expr",
                "data.sku == 'A-1' && (data.quantity > 2 || data.rush == true)");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "false",
                "data.sku == 'A-1' && (data.quantity > 2 || data.rush == true)",
                "                      " + "^".repeat(38) + " decided it: false",
                "  false     &&",
                "    true      data.sku == 'A-1'    (data.sku = \"A-1\")",
                "    false     ||  <- decided",
                "      false     data.quantity > 2    (data.quantity = 2)",
                "      false     data.rush == true    (data.rush is missing)");
    }
}
