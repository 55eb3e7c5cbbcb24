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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code $ ...} example of the README's shell blocks from the repository root, as a
 * reader pastes it, and compares what it prints with the lines the README shows under it.
 */
class ReadmeExamplesIT {

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
            Process process = builder.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(out).lines().toList()).isEqualTo(example.expected());
        }
        finally {
            Files.deleteIfExists(out);
        }
    }
}
