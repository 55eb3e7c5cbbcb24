package io.sqsmega.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code $ ...} example of the README's shell blocks from the repository root, as a
 * reader pastes it, and compares what it prints with the lines the README shows under it. The
 * examples that talk to SQS run, in the README's order, against an embedded ElasticMQ holding what
 * the README says is there ({@link ReadmeQueues}), with {@code AWS_ENDPOINT_URL} pointing at it;
 * message ids and times, which differ on every run, are compared as {@code <id>} and {@code <time>}.
 */
class ReadmeExamplesIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    @BeforeAll
    static void queuesTheReadmeTalksAbout() {
        ReadmeQueues.create();
    }

    private static List<String> masked(List<String> lines) {
        return lines.stream().map(line -> TIME.matcher(UUID.matcher(line).replaceAll("<id>")).replaceAll("<time>")).toList();
    }

    private static final Path ROOT = Paths.get(System.getProperty("sqsmega.root", ".."));
    private static final Pattern BASH_BLOCK = Pattern.compile("(?m)^```bash\\n(.*?)^```", Pattern.DOTALL);

    record Example(String command, List<String> expected) {
        @Override
        public String toString() {
            return command;
        }
    }

    static List<Example> examples() throws Exception {
        List<Example> examples = new ArrayList<>();
        Matcher block = BASH_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        while (block.find()) {
            List<String> lines = block.group(1).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("$ ")) {
                    continue;
                }
                StringBuilder command = new StringBuilder(lines.get(i).substring(2));
                while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                    command.setLength(command.length() - 1);
                    command.append(' ').append(lines.get(++i).strip());
                }
                List<String> expected = new ArrayList<>();
                while (i + 1 < lines.size() && !lines.get(i + 1).isBlank() && !lines.get(i + 1).startsWith("$ ")) {
                    expected.add(lines.get(++i));
                }
                examples.add(new Example(command.toString(), expected));
            }
        }
        assertThat(examples).as("the README's CLI examples").hasSizeGreaterThanOrEqualTo(3);
        return examples;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void printsWhatTheReadmeShows(Example example) throws Exception {
        Path out = Files.createTempFile("readme-example", ".txt");
        try {
            // The README says `java`: run the JDK running this build, wherever it is.
            String java = Paths.get(System.getProperty("java.home"), "bin").toString();
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", example.command()).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("PATH", java + File.pathSeparator + System.getenv("PATH"));
            builder.environment().put("AWS_ENDPOINT_URL", ReadmeQueues.SQS.endpoint().toString());
            Process process = builder.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(masked(Files.readString(out).lines().toList())).isEqualTo(masked(example.expected()));
        }
        finally {
            Files.deleteIfExists(out);
        }
    }
}
