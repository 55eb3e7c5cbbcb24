package io.sqsmega.test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SNS + SQS emulator (fauxqs, from the npm registry) on 127.0.0.1 and a free port, for SNS
 * tests: no SNS emulator exists on Maven Central. It needs Node.js 20+ and npm. The version is
 * pinned by the {@code package.json} and lock file shipped in this jar: on first use they are
 * copied to a cache folder ({@code ~/.cache/sqs-mega/fauxqs-<lock hash>}, or
 * {@code -Dsqsmega.fauxqs.cache=DIR}) and {@code npm ci} installs fauxqs there once (it needs the
 * npm registry that one time). One server per JVM, stopped with it.
 *
 * <pre>{@code
 * assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
 * Fauxqs fauxqs = Fauxqs.shared();
 * }</pre>
 */
public final class Fauxqs implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("\"port\":(\\d+)");
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "launcher.mjs");
    private static Fauxqs shared;
    private static String unavailable;

    private final Process process;
    private final URI endpoint;

    private Fauxqs(Process process, int port) {
        this.process = process;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    /**
     * @return whether fauxqs runs here (Node.js 20+ and npm found, fauxqs installed and started once)
     */
    public static synchronized boolean isAvailable() {
        if (shared == null && unavailable == null) {
            try {
                shared = start();
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "fauxqs-shutdown"));
            }
            catch (IOException | RuntimeException ex) {
                unavailable = "SNS tests skipped: " + ex.getMessage();
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
        checkNode();
        Path folder = installed();
        Process process = new ProcessBuilder("node", "launcher.mjs").directory(folder.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher port = line == null ? null : PORT.matcher(line);
        if (port == null || !port.find()) {
            process.destroyForcibly();
            throw new IOException("fauxqs, installed in " + folder + ", did not start (it printed: " + line
                    + "); its errors are above");
        }
        return new Fauxqs(process, Integer.parseInt(port.group(1)));
    }

    /** Node.js 20+ and npm on the PATH, or an error that says which is missing. */
    private static void checkNode() throws IOException, InterruptedException {
        String version = output(List.of("node", "--version"), "Node.js 20+ is needed and `node` was not found on the "
                + "PATH: install Node.js 20+ and npm (Debian: apt-get install nodejs npm)");
        Matcher major = NODE_VERSION.matcher(version);
        if (!major.find() || Integer.parseInt(major.group(1)) < 20) {
            throw new IOException("fauxqs needs Node.js 20+, and `node --version` says " + version.trim());
        }
        output(List.of("npm", "--version"), "npm is needed to install fauxqs and `npm` was not found on the PATH "
                + "(Node.js " + version.trim() + " is there): install npm (Debian: apt-get install npm)");
    }

    /**
     * The folder where fauxqs is installed: the one named by {@code sqsmega.fauxqs.dir}, or a cache
     * folder per lock file, filled from this jar and installed with {@code npm ci} on first use.
     */
    private static Path installed() throws IOException, InterruptedException {
        String configured = System.getProperty("sqsmega.fauxqs.dir");
        if (configured != null) {
            return Paths.get(configured);
        }
        byte[] lockFile = resource("package-lock.json");
        Path cache = Paths.get(System.getProperty("sqsmega.fauxqs.cache",
                Paths.get(System.getProperty("user.home"), ".cache", "sqs-mega").toString()));
        Path folder = cache.resolve("fauxqs-" + sha256(lockFile).substring(0, 16));
        Files.createDirectories(folder);
        // Two JVMs (test modules, forks) may get here at once: one installs, the other waits for it.
        try (FileChannel channel = FileChannel.open(folder.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();
            try {
                install(folder);
            }
            finally {
                lock.release();
            }
        }
        return folder;
    }

    private static void install(Path folder) throws IOException, InterruptedException {
        if (Files.isRegularFile(folder.resolve("node_modules/.installed"))) {
            return;
        }
        for (String file : FILES) {
            Files.write(folder.resolve(file), resource(file));
        }
        String npmOutput = run(folder, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        if (npmOutput != null) {
            throw new IOException("`npm ci` could not install fauxqs in " + folder + " (is the npm registry reachable?); "
                    + "it said: " + npmOutput);
        }
        Files.writeString(folder.resolve("node_modules/.installed"), "fauxqs installed by SQS MEGA\n");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Fauxqs.class.getResourceAsStream("fauxqs/" + name)) {
            if (in == null) {
                throw new IOException("fauxqs/" + name + " is missing from the sqs-mega-test jar");
            }
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    /** Runs a command; returns {@code null} when it succeeded, else the end of what it printed. */
    private static String run(Path folder, List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("sqs-mega-npm", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            if (finished && process.exitValue() == 0) {
                return null;
            }
            process.destroyForcibly();
            String printed = Files.readString(log, StandardCharsets.UTF_8).strip();
            String tail = printed.length() > 600 ? "..." + printed.substring(printed.length() - 600) : printed;
            return (finished ? "" : "(stopped after " + seconds + " s) ") + tail;
        }
        finally {
            Files.deleteIfExists(log);
        }
    }

    /** A command's output, or an IOException with {@code missing} when it cannot run. */
    private static String output(List<String> command, String missing) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            throw new IOException(missing, ex);
        }
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(missing + " (`" + String.join(" ", command) + "` printed: " + printed.strip() + ")");
        }
        return printed;
    }

    /**
     * A topic and a new queue subscribed to it.
     *
     * @param topicArn the topic
     * @param queueUrl the queue
     */
    public record Subscription(String topicArn, String queueUrl) {
    }

    /**
     * Creates a topic (or finds it) and a queue, and subscribes the queue to the topic.
     *
     * @param topicName the topic's name
     * @param queueName the queue's name
     * @param rawDelivery whether the queue gets the bare message instead of the SNS envelope
     * @return both
     */
    public Subscription subscribeQueue(String topicName, String queueName, boolean rawDelivery) {
        try (SnsClient sns = newSnsClient(); SqsClient sqs = newSqsClient()) {
            String topicArn = sns.createTopic(b -> b.name(topicName)).topicArn();
            String queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("RawMessageDelivery", String.valueOf(rawDelivery))));
            return new Subscription(topicArn, queueUrl);
        }
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
