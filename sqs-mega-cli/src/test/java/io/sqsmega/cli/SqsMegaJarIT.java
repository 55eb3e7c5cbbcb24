package io.sqsmega.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.codec.vectors.BodyVectors;
import io.sqsmega.codec.vectors.BodyVectors.Vector;
import io.sqsmega.json.MegaJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs the packaged {@code sqs-mega-cli/target/sqs-mega.jar} as a user would. */
class SqsMegaJarIT {

    private static Path jar;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void findJar() {
        jar = Paths.get(System.getProperty("sqsmega.cli.jar", "target/sqs-mega.jar"));
        assertThat(jar).as("the packaged CLI (run 'mvn package' first)").isRegularFile();
    }

    static List<Vector> vectors() {
        return BodyVectors.load();
    }

    static Result runJar(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("sqs-mega-out", ".txt");
        Path err = Files.createTempFile("sqs-mega-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finished within 60 s").isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
        finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesEveryVector(Vector vector) throws Exception {
        Result result = runJar(vector.body().getBytes(StandardCharsets.UTF_8), "decode");
        assertThat(result.status()).as("exit status; stderr: %s", result.err()).isZero();
        assertThat(result.out()).hasLineCount(1);
        JsonNode report = MegaJson.newMapper(10_000).readTree(result.out());
        BodyVectors.assertReportMatches(vector, report);
    }

    @Test
    void attributesAndUsageErrors() throws Exception {
        Result text = runJar("test".getBytes(StandardCharsets.UTF_8), "decode", "--attribute", "mega-payload=text");
        assertThat(text.out()).isEqualTo("{\"kind\":\"text\",\"value\":\"test\",\"sns\":null,\"reason\":null}\n");

        Result match = runJar("test".getBytes(StandardCharsets.UTF_8), "match", "--expr", "kind == 'binary'");
        assertThat(match.out()).isEqualTo("true\n");
        Result compileError = runJar(new byte[0], "match", "--expr", "event.name = 'x'");
        assertThat(compileError.status()).isEqualTo(2);
        assertThat(compileError.err()).contains("unexpected character '='", "^", "hint: use == to compare");

        Result usage = runJar(new byte[0], "decode", "--attribute", "broken");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("KEY=VALUE");
    }
}
