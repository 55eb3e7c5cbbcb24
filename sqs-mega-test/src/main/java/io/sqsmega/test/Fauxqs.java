package io.sqsmega.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SNS + SQS emulator (fauxqs, from the npm registry) on 127.0.0.1 and a free port, for SNS
 * tests: no SNS emulator exists on Maven Central. It needs Node.js 20+ and npm; the project's
 * {@code sqs-mega-test/fauxqs} folder pins the version with a lock file, and {@code npm ci} runs
 * there on first use. One server per JVM, stopped with it.
 *
 * <pre>{@code
 * assumeTrue(Fauxqs.isAvailable(), Fauxqs.unavailableReason());
 * Fauxqs fauxqs = Fauxqs.shared();
 * }</pre>
 */
public final class Fauxqs implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("\"port\":(\\d+)");
    private static Fauxqs shared;
    private static String unavailable;

    private final Process process;
    private final URI endpoint;

    private Fauxqs(Process process, int port) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * @return whether fauxqs can run here (Node.js and the fauxqs folder found, started once)
     */
    public static synchronized boolean isAvailable() {
        if (shared == null && unavailable == null) {
            try {
                shared = start();
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "fauxqs-shutdown"));
            }
            catch (IOException | RuntimeException ex) {
                unavailable = "SNS tests skipped: " + ex.getMessage() + ". To run them, install Node.js 20+ and npm "
                        + "(Debian: apt-get install nodejs npm); .ci/run does.";
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                unavailable = "SNS tests skipped: interrupted while starting fauxqs";
            }
        }
        return shared != null;
    }

    /** @return why {@link #isAvailable()} is false, or {@code null} */
    public static synchronized String unavailableReason() {
        return unavailable;
    }

    /**
     * @return the JVM's shared server
     * @throws IllegalStateException when it cannot run here (see {@link #unavailableReason()})
     */
    public static synchronized Fauxqs shared() {
        if (!isAvailable()) {
            throw new IllegalStateException(unavailable);
        }
        return shared;
    }

    private static Fauxqs start() throws IOException, InterruptedException {
        Path folder = locate();
        if (!Files.isDirectory(folder.resolve("node_modules/fauxqs"))) {
            run(folder, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
        Process process = new ProcessBuilder("node", "launcher.mjs").directory(folder.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher port = line == null ? null : PORT.matcher(line);
        if (port == null || !port.find()) {
            process.destroyForcibly();
            throw new IOException("fauxqs did not report its port (printed: " + line + ")");
        }
        return new Fauxqs(process, Integer.parseInt(port.group(1)));
    }

    private static void run(Path folder, List<String> command, int seconds) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (IOException ex) {
            throw new IOException("cannot run " + command.get(0) + " (" + ex.getMessage() + ")", ex);
        }
        if (!process.waitFor(seconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed in " + folder);
        }
    }

    /** The folder with package.json, package-lock.json and launcher.mjs. */
    private static Path locate() throws IOException {
        String configured = System.getProperty("sqsmega.fauxqs.dir");
        if (configured != null) {
            return Paths.get(configured);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("fauxqs"), dir.resolve("sqs-mega-test/fauxqs"))) {
                if (Files.isRegularFile(candidate.resolve("launcher.mjs"))) {
                    return candidate;
                }
            }
        }
        throw new IOException("the fauxqs folder (sqs-mega-test/fauxqs) was not found from " + Paths.get("").toAbsolutePath());
    }

    /** @return the endpoint of both SNS and SQS, {@code http://127.0.0.1:PORT} */
    public URI endpoint() {
        return endpoint;
    }

    /** @return a new SNS client for this server, owned by the caller */
    public SnsAsyncClient newSnsAsyncClient() {
        return SnsAsyncClient.builder().endpointOverride(endpoint).region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).build();
    }

    /** @return a new synchronous SNS client for this server, owned by the caller */
    public SnsClient newSnsClient() {
        return SnsClient.builder().endpointOverride(endpoint).region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).build();
    }

    /**
     * A new SQS client for this server's queues (fauxqs queue URLs name a host that does not
     * resolve; the endpoint override is what reaches the server).
     *
     * @return a new client, owned by the caller
     */
    public SqsClient newSqsClient() {
        return SqsClient.builder().endpointOverride(endpoint).region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).build();
    }

    /**
     * A new asynchronous SQS client for this server's queues, owned by the caller (e.g. a Spring
     * context it is registered in).
     *
     * @return a new client
     */
    public SqsAsyncClient newSqsAsyncClient() {
        return SqsAsyncClient.builder().endpointOverride(endpoint).region(EmbeddedSqs.REGION)
                .credentialsProvider(EmbeddedSqs.credentials()).build();
    }

    /** Stops the server. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (IOException ex) {
            process.destroyForcibly();
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
