package io.sqsmega.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP proxy on 127.0.0.1 in front of an SQS endpoint (the {@link EmbeddedSqs}, or any other)
 * that injects {@link SqsFault faults}: chosen operations fail with HTTP 500 or throttling for a
 * window, periodically or for a fraction of requests, single entries of batch requests fail, the
 * answer to a request SQS carried out is lost, or requests are held for a while. Point the client
 * under test at {@link #endpoint()}: every request goes through the real SQS client, its retries
 * included, as it would against AWS in an outage.
 *
 * <pre>{@code
 * try (SqsFaultInjector faults = SqsFaultInjector.inFrontOf(EmbeddedSqs.shared().endpoint())) {
 *     // spring.cloud.aws.sqs.endpoint = faults.endpoint()
 *     faults.inject(SqsFault.serverError("DeleteMessageBatch").lasting(Duration.ofSeconds(3)));
 *     ...
 *     assertThat(faults.injected("DeleteMessageBatch")).isPositive();
 * }
 * }</pre>
 *
 * <p>Operations are read from the AWS JSON protocol's {@code X-Amz-Target} header, which current
 * SDKs use, or from the query protocol's {@code Action} parameter. In front of a REST API such as
 * S3 ({@link EmbeddedS3}), a request's operation is its HTTP method ({@code GET} reads an object,
 * {@code PUT} stores one, {@code DELETE} deletes one). Failed entries need the JSON
 * protocol. Requests go on in the order they arrive; each is handled on a thread of its own, so
 * long polls do not hold the others up.
 */
public final class SqsFaultInjector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsFaultInjector.class);
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "x-amz-crc32");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI endpoint;
    private final List<Injection> injections = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
    private final Random random;

    /** A fault in force, from {@link #inject(SqsFault)}; {@link #close()} removes it. */
    public final class Injection implements AutoCloseable {
        private final SqsFault fault;
        private final long injectedAt = System.nanoTime();
        private final AtomicInteger applied = new AtomicInteger();

        private Injection(SqsFault fault) {
            this.fault = fault;
        }

        /** @return the fault */
        public SqsFault fault() {
            return fault;
        }

        /** @return how many requests it has changed so far */
        public int applied() {
            return applied.get();
        }

        /** Removes the fault: later requests pass untouched. */
        @Override
        public void close() {
            injections.remove(this);
        }

        private boolean appliesNow(String operation) {
            if (!fault.appliesTo(operation) || !fault.activeAt(Duration.ofNanos(System.nanoTime() - injectedAt))) {
                return false;
            }
            if (fault.kind() != SqsFault.Kind.FAILED_ENTRIES && fault.fraction() < 1 && !chance(fault.fraction())) {
                return false;
            }
            if (fault.times() == 0) {
                applied.incrementAndGet();
                return true;
            }
            return applied.getAndUpdate(n -> n < fault.times() ? n + 1 : n) < fault.times();
        }
    }

    private SqsFaultInjector(URI target, long seed) throws IOException {
        this.target = target;
        this.random = new Random(seed);
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sqs-fault-injector");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Starts a proxy in front of an endpoint, injecting nothing until told to.
     *
     * @param target the SQS endpoint, e.g. {@link EmbeddedSqs#endpoint()}
     * @return the running proxy; close it when done
     */
    public static SqsFaultInjector inFrontOf(URI target) {
        return inFrontOf(target, 42);
    }

    /**
     * @param target the SQS endpoint
     * @param seed the seed of the choices made at random (fractions), for repeatable runs
     * @return the running proxy; close it when done
     */
    public static SqsFaultInjector inFrontOf(URI target, long seed) {
        try {
            return new SqsFaultInjector(target, seed);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not start the SQS fault injector on 127.0.0.1: " + ex.getMessage(), ex);
        }
    }

    /** @return the endpoint to give the client under test ({@code http://127.0.0.1:<port>}) */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Puts a fault in force from now.
     *
     * @param fault the fault
     * @return the fault in force: close it to remove it
     */
    public Injection inject(SqsFault fault) {
        Injection injection = new Injection(fault);
        injections.add(injection);
        return injection;
    }

    /** Removes every fault. */
    public void clear() {
        injections.clear();
    }

    /**
     * @param operation e.g. {@code DeleteMessageBatch}
     * @return requests of that operation that reached the proxy
     */
    public long requests(String operation) {
        AtomicLong count = requests.get(operation);
        return count == null ? 0 : count.get();
    }

    /**
     * @param operation e.g. {@code DeleteMessageBatch}
     * @return requests of that operation a fault other than latency changed
     */
    public long injected(String operation) {
        AtomicLong count = injected.get(operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private synchronized boolean chance(double fraction) {
        return random.nextDouble() < fraction;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String operation = operation(exchange, body);
            requests.computeIfAbsent(operation, name -> new AtomicLong()).incrementAndGet();
            SqsFault failure = null;
            long delayNanos = 0;
            for (Injection injection : injections) {
                if (injection.fault.kind() == SqsFault.Kind.LATENCY) {
                    if (injection.appliesNow(operation)) {
                        delayNanos += injection.fault.delay().toNanos();
                    }
                }
                else if (failure == null && injection.appliesNow(operation)) {
                    failure = injection.fault;
                }
            }
            if (delayNanos > 0) {
                Thread.sleep(delayNanos / 1_000_000, (int) (delayNanos % 1_000_000));
            }
            if (failure != null) {
                injected.computeIfAbsent(operation, name -> new AtomicLong()).incrementAndGet();
                LOG.debug("Injecting {} into {}", failure.kind(), operation);
            }
            respond(exchange, failure, operation, body);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (IOException ex) {
            // The broker is gone or the client hung up: answer what a dead gateway answers.
            LOG.debug("Proxying to {} failed: {}", target, ex.toString());
            try {
                exchange.sendResponseHeaders(502, -1);
            }
            catch (IOException | RuntimeException ignored) {
                // already answered, or the client is gone
            }
        }
    }

    private void respond(HttpExchange exchange, SqsFault failure, String operation, byte[] body)
            throws IOException, InterruptedException {
        if (failure == null) {
            forward(exchange, body, false);
            return;
        }
        switch (failure.kind()) {
            case SERVER_ERROR -> error(exchange, 500, "InternalError", "Receiver");
            case THROTTLING -> error(exchange, 400, "RequestThrottled", "Sender");
            case LOST_RESPONSE -> {
                forward(exchange, body, true);
                error(exchange, 500, "InternalError", "Receiver");
            }
            case FAILED_ENTRIES -> failEntries(exchange, failure, operation, body);
            case LATENCY -> throw new IllegalStateException("latency is not a failure");
        }
    }

    /** Sends the request on; answers the client with SQS's answer unless {@code swallow}. */
    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body, boolean swallow)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (!swallow) {
            answer(exchange, response, response.body());
        }
        return response;
    }

    private static void answer(HttpExchange exchange, HttpResponse<byte[]> response, byte[] body) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        send(exchange, response.statusCode(), body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An error as SQS answers it over the JSON protocol (and the code the query protocol reads). */
    private static void error(HttpExchange exchange, int status, String code, String fault) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-query-error", code + ";" + fault);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "injected-" + System.nanoTime());
        byte[] body = ("{\"__type\":\"com.amazonaws.sqs#" + code + "\",\"message\":\"Injected by SqsFaultInjector\"}")
                .getBytes(StandardCharsets.UTF_8);
        send(exchange, status, body);
    }

    private void failEntries(HttpExchange exchange, SqsFault fault, String operation, byte[] body)
            throws IOException, InterruptedException {
        JsonNode request = body.length == 0 ? null : JSON.readTree(body);
        if (request == null || !(request.get("Entries") instanceof ArrayNode entries)) {
            LOG.warn("{} has no JSON Entries to fail (query protocol?): passed on untouched", operation);
            forward(exchange, body, false);
            return;
        }
        ArrayNode kept = JSON.createArrayNode();
        List<String> failedIds = new ArrayList<>();
        for (JsonNode entry : entries) {
            if (fault.fraction() >= 1 || chance(fault.fraction())) {
                failedIds.add(entry.path("Id").asText());
            }
            else {
                kept.add(entry);
            }
        }
        ObjectNode answer;
        HttpResponse<byte[]> response = null;
        if (kept.isEmpty()) {
            answer = JSON.createObjectNode();
            answer.putArray("Successful");
        }
        else {
            ((ObjectNode) request).set("Entries", kept);
            response = forward(exchange, JSON.writeValueAsBytes(request), true);
            if (response.statusCode() != 200) {
                answer(exchange, response, response.body());
                return;
            }
            answer = (ObjectNode) JSON.readTree(response.body());
        }
        ArrayNode failed = answer.has("Failed") ? (ArrayNode) answer.get("Failed") : answer.putArray("Failed");
        for (String id : failedIds) {
            failed.addObject().put("Id", id).put("SenderFault", false).put("Code", "InternalError")
                    .put("Message", "Injected by SqsFaultInjector");
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        if (response != null) {
            answer(exchange, response, bytes);
        }
        else {
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            send(exchange, 200, bytes);
        }
    }

    private static String operation(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.indexOf('.') + 1);
        }
        String form = exchange.getRequestURI().getRawQuery();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if ((form == null || !form.contains("Action=")) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            form = new String(body, StandardCharsets.UTF_8);
        }
        if (form != null) {
            for (String pair : form.split("&")) {
                if (pair.startsWith("Action=")) {
                    return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        // A REST API (S3, in front of which the proxy works too): the HTTP method names the operation.
        return exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    }
}
