package io.sqsmega.benchmarks.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy in front of the broker: holds each SQS request for a fixed delay (10 ms
 * is about an in-region SQS call) and counts requests by operation ({@code X-Amz-Target}), as
 * users pay for them. {@code GET /__stats} answers the counts as {@code Operation=count} lines;
 * {@code GET /__delay?ms=N} sets the delay; {@code GET /__reset} zeroes the counts. Prints
 * {@code PORT <n>}; runs until its standard input closes.
 */
public final class DelayProxy {

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile long delayMillis;

    private DelayProxy(URI target) {
        this.target = target;
    }

    /**
     * @param args the broker port
     * @throws Exception when the proxy cannot start
     */
    public static void main(String[] args) throws Exception {
        DelayProxy proxy = new DelayProxy(URI.create("http://127.0.0.1:" + args[0]));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        // Long polls hold a thread each for up to 20 s: plenty of threads.
        server.setExecutor(Executors.newFixedThreadPool(400));
        server.createContext("/", proxy::handle);
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.println("PID " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the runner to go away
        }
        server.stop(0);
        System.exit(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/__")) {
                control(exchange, path);
                return;
            }
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            counts.computeIfAbsent(operation == null ? "other" : operation.substring(operation.indexOf('.') + 1),
                    name -> new AtomicLong()).incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (IOException ex) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private void control(HttpExchange exchange, String path) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        StringBuilder text = new StringBuilder();
        switch (path) {
            case "/__delay" -> delayMillis = Long.parseLong(query.substring(query.indexOf('=') + 1));
            case "/__reset" -> counts.clear();
            default -> new TreeMap<>(counts).forEach((operation, count) ->
                    text.append(operation).append('=').append(count.get()).append('\n'));
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
