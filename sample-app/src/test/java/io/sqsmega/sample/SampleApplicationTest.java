package io.sqsmega.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.json.MegaJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole sample, as {@code ./mvnw -pl sample-app -am spring-boot:run} starts it: embedded SQS,
 * real listener containers, Actuator on a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    @Autowired
    private SampleRun run;

    @Value("${local.server.port}")
    private int port;

    @Test
    void everyPublishedMessageIsHandledAsExpected() throws Exception {
        SampleReport report = run.result().get(60, TimeUnit.SECONDS);

        assertThat(report.failures()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.exitCode()).isZero();
        Map<String, SampleReport.Row> rows = report.rows().stream()
                .collect(Collectors.toMap(row -> row.expectation().label(), Function.identity()));
        assertThat(rows).hasSize(12);
        assertThat(rows.get("order.placed v2 (gold)").handledBy())
                .containsExactlyInAnyOrder(OrderListeners.FULFILMENT, OrderListeners.VIP_DESK, OrderListeners.AUDIT);
        assertThat(rows.get("item.added qty 0 (batch)").handledBy()).isEmpty();
        assertThat(rows.get("payment.captured").retries()).isEqualTo(OrderListeners.PAYMENT_GATEWAY_READY_AT - 1);
        assertThat(rows.get("invoice.requested (fails)").deadLetterReason())
                .isEqualTo("fatal: failed in OrderListeners.requestInvoice: "
                        + "IllegalStateException: no tax rules for country 'XX'");
        assertThat(rows.get("poison (no event name)").deadLetterReason())
                .isEqualTo("invalid: invalid MEGA payload: event.name is missing");
        assertThat(rows.get("support ticket").expectation().format()).isEqualTo("data+bson");
        assertThat(report.render()).contains("SQS MEGA sample: 12 of 12 messages handled as expected");
    }

    @Test
    void actuatorShowsHealthAndTheMegaMetrics() throws Exception {
        run.result().get(60, TimeUnit.SECONDS);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode components = MegaJson.mapper().readTree(health.body()).path("components");
        assertThat(components.path("mega").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("mega").path("details").path("queues").path("orders").path("running").asBoolean())
                .isTrue();

        HttpResponse<String> retried = get("/actuator/metrics/sqs.mega.retried");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).contains("{\"statistic\":\"COUNT\",\"value\":2.0}");

        HttpResponse<String> handlers = get("/actuator/metrics/sqs.mega.handler?tag=listener:InboxListeners.attachment");
        assertThat(handlers.statusCode()).isEqualTo(200);
        assertThat(handlers.body()).contains("{\"statistic\":\"COUNT\",\"value\":1.0}");
    }

    @Test
    void theMegaEndpointShowsEachQueueItsListenersAndTheirCountsAndStopsAndStartsAContainer() throws Exception {
        run.result().get(60, TimeUnit.SECONDS);

        HttpResponse<String> mega = get("/actuator/mega");
        assertThat(mega.statusCode()).isEqualTo(200);
        JsonNode orders = MegaJson.mapper().readTree(mega.body()).path("queues").path("orders");
        assertThat(orders.path("url").asText()).endsWith("/sqs-mega-sample-orders");
        assertThat(orders.path("deadLetterQueue").asText()).endsWith("/sqs-mega-sample-orders-dlq");
        assertThat(orders.path("running").asBoolean()).isTrue();
        assertThat(orders.path("policies").path("fatal").asText()).isEqualTo("dead_letter");
        JsonNode stock = null;
        for (JsonNode listener : orders.path("listeners")) {
            if (listener.path("method").asText().equals("OrderListeners.reserveStock")) {
                stock = listener;
            }
        }
        assertThat(stock).as("OrderListeners.reserveStock in " + orders).isNotNull();
        assertThat(stock.path("kind").asText()).isEqualTo("mega");
        assertThat(stock.path("match").asText()).isEqualTo("event.name == 'item.added' && event.quantity > 0");
        assertThat(stock.path("compiled").asText())
                .isEqualTo("kind == 'mega' && event.name == 'item.added' && event.quantity > 0");
        assertThat(stock.path("filedUnder").asText()).isEqualTo("event.name == 'item.added'");
        assertThat(stock.path("handled").asLong()).isEqualTo(1);
        assertThat(stock.path("outcomes").path("done").asLong()).isEqualTo(1);
        assertThat(get("/actuator/mega/no-such-queue").statusCode()).isEqualTo(404);

        HttpResponse<String> stopped = post("/actuator/mega/inbox", "{\"running\": false}");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(MegaJson.mapper().readTree(stopped.body()).path("running").asBoolean()).isFalse();
        assertThat(MegaJson.mapper().readTree(get("/actuator/mega/inbox").body()).path("running").asBoolean()).isFalse();
        HttpResponse<String> started = post("/actuator/mega/inbox", "{\"running\": true}");
        assertThat(MegaJson.mapper().readTree(started.body()).path("running").asBoolean()).isTrue();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
