package io.sqsmega.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the sample once the application is ready: publishes the mix, waits (up to
 * {@code sample.timeout}) until every message was handled as expected while watching the DLQ,
 * logs the summary table, and with {@code sample.exit-when-done} exits with the report's code.
 */
public class SampleRun implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger("sample");
    private static final Duration DEAD_LETTER_POLL = Duration.ofSeconds(1);

    private final SampleTraffic traffic;
    private final SampleLedger ledger;
    private final DeadLetterWatch deadLetters;
    private final SampleProperties properties;
    private final CompletableFuture<SampleReport> result = new CompletableFuture<>();

    SampleRun(SampleTraffic traffic, SampleLedger ledger, DeadLetterWatch deadLetters, SampleProperties properties) {
        this.traffic = traffic;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.properties = properties;
    }

    /** @return the report, once the run has ended */
    public CompletableFuture<SampleReport> result() {
        return result;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        // Off the main thread: the application stays responsive (Actuator) while the run goes on.
        Thread runner = new Thread(() -> run(event.getApplicationContext()), "sample-run");
        runner.setDaemon(true);
        runner.start();
    }

    private void run(ConfigurableApplicationContext context) {
        SampleReport report;
        try {
            report = runOnce();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(ex);
            return;
        }
        catch (RuntimeException ex) {
            log.error("The sample run failed: {}", ex.getMessage(), ex);
            result.completeExceptionally(ex);
            if (properties.exitWhenDone()) {
                System.exit(SpringApplication.exit(context, () -> 2));
            }
            return;
        }
        log.info("{}{}", System.lineSeparator(), report.render());
        report.failures().forEach(row -> log.error("Not as expected: {} (message {}): expected {}, got {}",
                row.expectation().label(), row.expectation().messageId(), row.expectation().describe(), row.outcome()));
        result.complete(report);
        if (properties.exitWhenDone()) {
            System.exit(SpringApplication.exit(context, report::exitCode));
        }
        log.info("The application keeps running (Actuator: /actuator/health, /actuator/metrics/sqs.mega.received); "
                + "Ctrl+C stops it. --sample.exit-when-done=true exits after the summary.");
    }

    private SampleReport runOnce() throws InterruptedException {
        long started = System.nanoTime();
        log.info("Publishing the sample messages");
        traffic.publish();
        long deadline = started + properties.timeout().toNanos();
        while (!ledger.complete() && System.nanoTime() < deadline) {
            if (ledger.awaitingDeadLetters()) {
                deadLetters.pollOnce(DEAD_LETTER_POLL); // the long poll is the wait
            }
            else {
                ledger.awaitComplete(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
        return ledger.report(Duration.ofNanos(System.nanoTime() - started));
    }
}
