package io.sqsmega.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java snippet is code of this package (compiled and run by its
 * tests) or of the user applications' modules ({@code user-app}, {@code modulith-app}: compiled and run by
 * theirs, for what needs a database or Spring Modulith), every YAML snippet is this module's test configuration, every Maven coordinate is one
 * this build produces. Snippets are compared chunk by chunk (a blank line separates chunks), so a
 * test may put assertions between two chunks. The shell examples of the CLI are run by the CLI
 * module's {@code ReadmeExamplesIT}; the two main commands by {@code .ci/run}.
 */
class ReadmeTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^```(\\w+)\\n(.*?)^```", Pattern.DOTALL);
    private static final Path ROOT = Paths.get(System.getProperty("sqsmega.root", ".."));
    private static final Path HERE = Paths.get("src/test/java/io/sqsmega/readme");
    private static final List<Path> USER_APPS = List.of(ROOT.resolve("user-app/src/test/java/io/sqsmega/userapp"),
            ROOT.resolve("modulith-app/src/main/java/io/sqsmega/modulithapp"),
            ROOT.resolve("modulith-app/src/test/java/io/sqsmega/modulithapp"));

    record Block(String language, String text) {
    }

    static List<Block> blocks() {
        String readme = read(ROOT.resolve("README.md"));
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(readme);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    @Test
    void everyJavaSnippetIsTestedCode() {
        List<List<String>> sources = new ArrayList<>(sources(HERE, ".java", true));
        USER_APPS.forEach(directory -> sources.addAll(sources(directory, ".java", true)));
        List<Block> java = blocks().stream().filter(b -> b.language().equals("java")).toList();
        assertThat(java).hasSizeGreaterThanOrEqualTo(8);
        for (Block block : java) {
            for (List<String> chunk : chunks(block.text(), true)) {
                assertThat(sources).as("README Java snippet not found verbatim in %s or %s:%n%s", HERE, USER_APPS, String.join("\n", chunk))
                        .anySatisfy(source -> assertThat(containsRun(source, chunk)).isTrue());
            }
        }
    }

    @Test
    void everyYamlSnippetIsTestedConfiguration() {
        List<String> configuration = lines(read(Paths.get("src/test/resources/application.yml")), false);
        List<Block> yaml = blocks().stream().filter(b -> b.language().equals("yaml")).toList();
        assertThat(yaml).isNotEmpty();
        for (Block block : yaml) {
            for (List<String> chunk : chunks(block.text(), false)) {
                assertThat(containsRun(configuration, chunk))
                        .as("README YAML snippet not in src/test/resources/application.yml:%n%s", String.join("\n", chunk))
                        .isTrue();
            }
        }
    }

    @Test
    void everyMavenCoordinateIsOneThisBuildProduces() {
        String version = projectVersion();
        List<Block> xml = blocks().stream().filter(b -> b.language().equals("xml")).toList();
        assertThat(xml).isNotEmpty();
        for (Block block : xml) {
            Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(block.text());
            while (artifact.find()) {
                assertThat(ROOT.resolve(artifact.group(1)).resolve("pom.xml")).as("a module of this build").isRegularFile();
            }
            assertThat(block.text()).contains("<groupId>io.sqsmega</groupId>", "<version>" + version + "</version>");
        }
    }

    private static String projectVersion() {
        Matcher version = Pattern.compile("<artifactId>sqs-mega-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static boolean containsRun(List<String> lines, List<String> run) {
        for (int start = 0; start + run.size() <= lines.size(); start++) {
            if (lines.subList(start, start + run.size()).equals(run)) {
                return true;
            }
        }
        return false;
    }

    /** Non-blank lines, trimmed for Java (indentation differs in a test), kept for YAML. */
    private static List<String> lines(String text, boolean trim) {
        return text.lines().map(line -> trim ? line.strip() : line.stripTrailing()).filter(line -> !line.isBlank()).toList();
    }

    private static List<List<String>> chunks(String text, boolean trim) {
        List<List<String>> chunks = new ArrayList<>();
        for (String chunk : text.split("\\n\\s*\\n")) {
            List<String> lines = lines(chunk, trim);
            if (!lines.isEmpty()) {
                chunks.add(lines);
            }
        }
        return chunks;
    }

    private static List<List<String>> sources(Path directory, String suffix, boolean trim) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(suffix)).map(file -> lines(read(file), trim)).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
