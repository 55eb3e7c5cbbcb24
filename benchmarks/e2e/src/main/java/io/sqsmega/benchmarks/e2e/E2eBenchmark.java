package io.sqsmega.benchmarks.e2e;

import io.sqsmega.codec.EncodedBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Runs the end-to-end benchmark as {@code ../../shared/docs/testing.md} says figures hold on 2
 * shared cores: ElasticMQ in its own JVM, behind a loopback proxy ({@link DelayProxy}) that adds
 * 0 or 10 ms per request and counts requests by operation; the same pre-loaded messages (a
 * warm-up, then the measured ones) consumed by a fresh JVM per run; variants interleaved within
 * each repetition, in reverse order every other repetition; medians printed, with requests per message, CPU seconds per 10k messages
 * (consumer, broker) and FIFO order violations, and the load average before and after.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks/e2e -am package -DskipTests
 * java -cp "benchmarks/e2e/target/classes:$(cat benchmarks/e2e/target/e2e.classpath)" \
 *     io.sqsmega.benchmarks.e2e.E2eBenchmark --reps 3 --warmup 2000 --measured 6000
 * </pre>
 *
 * Options: {@code --reps N}, {@code --warmup N}, {@code --measured N}, {@code --delays 0,10},
 * {@code --standard raw,sca,mega,mega100}, {@code --fifo raw,sca,mega} (empty to skip),
 * {@code --publish raw,mega} (empty to skip), {@code --publish-count N}, {@code --client-jvm-args a,b}
 * (options for the consumer and publisher JVMs, e.g. {@code -Dlogging.level.io.sqsmega=DEBUG}),
 * {@code --baseline-classpath CP}: a consumer or publisher variant written {@code mega@baseline} runs from that
 * classpath (another build of the project, e.g. a worktree of the commit before a change), so that
 * before and after are interleaved within one run.
 */
public final class E2eBenchmark {

    private static final int FIFO_GROUPS = 10;

    private final Map<String, String> options;
    private final String classpath;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> servers = new ArrayList<>();
    private SqsAsyncClient direct;
    private int proxyPort;
    private long brokerPid;

    /** One run's figures. */
    record Run(String kind, String variant, long delay, double messagesPerSecond, Map<String, Long> requests,
            int measured, double consumerCpuSeconds, double brokerCpuSeconds, long violations) {

        double requestsPerMessage() {
            return requests.values().stream().mapToLong(Long::longValue).sum() / (double) measured;
        }
    }

    private E2eBenchmark(Map<String, String> options, String classpath) {
        this.options = options;
        this.classpath = classpath;
    }

    /**
     * @param args see the class comment
     * @throws Exception when the run breaks
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("reps", "2", "warmup", "2000", "measured", "6000",
                "delays", "0,10", "standard", "raw,sca,mega,mega100", "fifo", "raw,sca,mega", "publish", "raw,mega",
                "publish-count", "10000", "client-jvm-args", "", "baseline-classpath", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String classpath = System.getProperty("java.class.path");
        E2eBenchmark benchmark = new E2eBenchmark(options, classpath);
        try {
            benchmark.run();
        }
        finally {
            benchmark.servers.forEach(Process::destroy);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.println("load average at start: " + loadAverage());
        Process broker = start(Broker.class.getName());
        Map<String, String> brokerValues = readValues(broker, "PORT", "PID");
        int brokerPort = Integer.parseInt(brokerValues.get("PORT"));
        brokerPid = Long.parseLong(brokerValues.get("PID"));
        Process proxy = start(DelayProxy.class.getName(), Integer.toString(brokerPort));
        proxyPort = Integer.parseInt(readValues(proxy, "PORT", "PID").get("PORT"));
        direct = SqsAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + brokerPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        int warmup = Integer.parseInt(options.get("warmup"));
        int measured = Integer.parseInt(options.get("measured"));
        List<Run> runs = new ArrayList<>();
        for (int rep = 1; rep <= Integer.parseInt(options.get("reps")); rep++) {
            for (long delay : longs(options.get("delays"))) {
                setDelay(delay);
                // Every other repetition runs the variants in reverse order, so that none always
                // runs first (on a fresh broker queue, a cooler machine) or last.
                for (String variant : inOrder(list(options.get("standard")), rep)) {
                    runs.add(consume("standard", variant, delay, warmup, measured, false));
                }
                for (String variant : inOrder(list(options.get("fifo")), rep)) {
                    runs.add(consume("fifo", variant, delay, warmup, measured, true));
                }
                int publishCount = Integer.parseInt(options.get("publish-count"));
                for (String variant : inOrder(list(options.get("publish")), rep)) {
                    runs.add(publish(variant, delay, warmup, publishCount));
                }
            }
        }
        System.out.println("load average at end: " + loadAverage());
        report(runs);
    }

    private Run consume(String kind, String variant, long delay, int warmup, int measured, boolean fifo)
            throws Exception {
        String queueUrl = createQueue(kind + "-" + variant.replace('@', '-') + "-" + delay + "-" + System.nanoTime(), fifo);
        preload(queueUrl, warmup + measured, fifo);
        Process consumer = startFrom(classpathOf(variant), Consumer.class.getName(),
                variant.replace("@baseline", ""), "http://127.0.0.1:" + proxyPort, queueUrl,
                Integer.toString(warmup), Integer.toString(warmup + measured));
        try {
            Run run = measure(consumer, kind, variant, delay, measured, () -> awaitEmpty(queueUrl));
            System.out.println(describe(run));
            return run;
        }
        finally {
            stop(consumer);
            // A run's queue must not weigh on the next runs of the same broker.
            direct.deleteQueue(b -> b.queueUrl(queueUrl)).join();
        }
    }

    private Run publish(String variant, long delay, int warmup, int count) throws Exception {
        String queueUrl = createQueue("publish-" + variant.replace('@', '-') + "-" + delay + "-" + System.nanoTime(),
                false);
        Process publisher = startFrom(classpathOf(variant), Publisher.class.getName(), variant.replace("@baseline", ""),
                "http://127.0.0.1:" + proxyPort, queueUrl, Integer.toString(warmup), Integer.toString(warmup + count));
        try {
            Run run = measure(publisher, "publish", variant, delay, count, () -> { });
            System.out.println(describe(run));
            return run;
        }
        finally {
            stop(publisher);
            direct.deleteQueue(b -> b.queueUrl(queueUrl)).join();
        }
    }

    /** A variant written {@code name@baseline} runs from {@code --baseline-classpath}, the others from this build. */
    private String classpathOf(String variant) {
        if (!variant.endsWith("@baseline")) {
            return classpath;
        }
        if (options.get("baseline-classpath").isEmpty()) {
            throw new IllegalArgumentException(variant + " needs --baseline-classpath");
        }
        return options.get("baseline-classpath");
    }

    /** Reads the MARK lines of a consumer or publisher and samples the broker and the proxy at each. */
    private Run measure(Process process, String kind, String variant, long delay, int measured, Runnable settle)
            throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String[] warm = awaitMark(out, "warm", process);
        Map<String, Long> requestsAtWarm = proxyStats();
        double brokerAtWarm = brokerCpuSeconds();
        String[] done = awaitMark(out, "done", process);
        double brokerAtDone = brokerCpuSeconds();
        drain(out);
        settle.run();
        Map<String, Long> requests = new TreeMap<>(proxyStats());
        requestsAtWarm.forEach((operation, count) -> requests.merge(operation, -count, Long::sum));
        requests.values().removeIf(count -> count == 0);
        double seconds = (Long.parseLong(done[2]) - Long.parseLong(warm[2])) / 1e9;
        double consumerCpu = (Long.parseLong(done[3]) - Long.parseLong(warm[3])) / 1e9;
        return new Run(kind, variant, delay, measured / seconds, requests, measured, consumerCpu,
                brokerAtDone - brokerAtWarm, Long.parseLong(done[4]));
    }

    private static String[] awaitMark(BufferedReader out, String what, Process process) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("MARK " + what + " ")) {
                return line.split(" ");
            }
        }
        throw new IllegalStateException("the process ended (exit " + waitFor(process) + ") before MARK " + what);
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String createQueue(String name, boolean fifo) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
        }
        return direct.createQueue(b -> b.queueName(fifo ? name + ".fifo" : name).attributes(attributes)).join().queueUrl();
    }

    /** Sends the messages straight to the broker: 10 groups in turn on FIFO queues, each in order. */
    private void preload(String queueUrl, int count, boolean fifo) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String group = fifo ? "g" + (i % FIFO_GROUPS) : null;
            int seq = fifo ? i / FIFO_GROUPS + 1 : i + 1;
            EncodedBody body = BenchMessages.event(seq, i % BenchMessages.SHARDS);
            entries.add(BenchMessages.entry(entries.size(), group, seq, body));
            if (entries.size() == 10 || i == count - 1) {
                List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
                entries.clear();
                CompletableFuture<?> request = direct.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
                if (fifo) {
                    request.join(); // one group's order is the send order
                }
                sent.add(request);
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private void awaitEmpty(String queueUrl) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Map<QueueAttributeName, String> attributes = direct.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).join().attributes();
            if ("0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                return;
            }
            sleep(50);
        }
        System.out.println("  (queue not empty 60 s after the last message was handled)");
    }

    private Process start(String mainClass, String... args) throws IOException {
        return startFrom(classpath, mainClass, args);
    }

    private Process startFrom(String classpath, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx1g"));
        boolean client = !mainClass.equals(Broker.class.getName()) && !mainClass.equals(DelayProxy.class.getName());
        if (client) {
            command.addAll(list(options.get("client-jvm-args")));
        }
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (mainClass.equals(Broker.class.getName()) || mainClass.equals(DelayProxy.class.getName())) {
            servers.add(process);
        }
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Reads {@code KEY value} lines until it has every key, then keeps the output drained. */
    private static Map<String, String> readValues(Process process, String... keys) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Map<String, String> values = new LinkedHashMap<>();
        String line;
        while (values.size() < keys.length && (line = out.readLine()) != null) {
            for (String key : keys) {
                if (line.startsWith(key + " ")) {
                    values.put(key, line.substring(key.length() + 1).trim());
                }
            }
        }
        if (values.size() < keys.length) {
            throw new IllegalStateException("no " + Arrays.toString(keys) + " from " + process);
        }
        drain(out);
        return values;
    }

    /** Reads what a process still writes, so that a full pipe never blocks it. */
    private static void drain(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            }
            catch (IOException ex) {
                // the process ended
            }
        }, "drain");
        drain.setDaemon(true);
        drain.start();
    }

    private void setDelay(long millis) throws Exception {
        get("/__delay?ms=" + millis);
    }

    private Map<String, Long> proxyStats() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : get("/__stats").split("\n")) {
            if (line.contains("=")) {
                counts.put(line.substring(0, line.indexOf('=')), Long.parseLong(line.substring(line.indexOf('=') + 1)));
            }
        }
        return counts;
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The broker JVM's CPU time, from /proc (Linux). */
    private double brokerCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + brokerPid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the command.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    private static String describe(Run run) {
        return String.format(Locale.ROOT, "%-8s %-8s %2d ms: %,8.0f msg/s, %.3f requests/msg %s, CPU per 10k: %.1f s + "
                + "%.1f s broker, %d order violations", run.kind(), run.variant(), run.delay(), run.messagesPerSecond(),
                run.requestsPerMessage(), run.requests(), run.consumerCpuSeconds() * 10_000 / run.measured(),
                run.brokerCpuSeconds() * 10_000 / run.measured(), run.violations());
    }

    /** One Markdown table: medians per kind, variant and delay, and the ratio to the raw loop. */
    private static void report(List<Run> runs) {
        System.out.println();
        System.out.println("| kind | variant | delay | msg/s (median) | × raw | requests/msg | CPU-s per 10k (consumer + broker) "
                + "| order violations | runs |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, List<Run>> byKey = new LinkedHashMap<>();
        runs.forEach(run -> byKey.computeIfAbsent(run.kind() + "|" + run.variant() + "|" + run.delay(), k -> new ArrayList<>())
                .add(run));
        byKey.forEach((key, group) -> {
            Run first = group.get(0);
            double rate = median(group.stream().mapToDouble(Run::messagesPerSecond).toArray());
            List<Run> raw = byKey.get(first.kind() + "|raw|" + first.delay());
            double rawRate = raw == null ? Double.NaN : median(raw.stream().mapToDouble(Run::messagesPerSecond).toArray());
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %d ms | %,.0f | %.2f× | %.2f | %.1f + %.1f | %d | %s |",
                    first.kind(), first.variant(), first.delay(), rate, rate / rawRate,
                    median(group.stream().mapToDouble(Run::requestsPerMessage).toArray()),
                    median(group.stream().mapToDouble(r -> r.consumerCpuSeconds() * 10_000 / r.measured()).toArray()),
                    median(group.stream().mapToDouble(r -> r.brokerCpuSeconds() * 10_000 / r.measured()).toArray()),
                    group.stream().mapToLong(Run::violations).sum(),
                    group.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.messagesPerSecond())).toList()));
        });
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.split(","));
    }

    private static List<String> inOrder(List<String> variants, int rep) {
        if (rep % 2 == 1) {
            return variants;
        }
        List<String> reversed = new ArrayList<>(variants);
        Collections.reverse(reversed);
        return reversed;
    }

    private static long[] longs(String value) {
        return list(value).stream().mapToLong(Long::parseLong).toArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
