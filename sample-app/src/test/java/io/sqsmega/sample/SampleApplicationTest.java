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

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
