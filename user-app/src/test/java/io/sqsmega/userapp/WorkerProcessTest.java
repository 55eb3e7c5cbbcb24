package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The worker as its own process, started with its runtime classpath alone and configured by
 * arguments, as it runs in production: it keeps consuming until it is stopped, and SIGTERM stops
 * it gracefully.
 */
class WorkerProcessTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private Process worker;
    private Path log;

    @AfterEach
    void stopWorker() throws IOException {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    private Process start(String jobs, String done) throws IOException {
        String classpath = Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(Path.of("target", "runtime.classpath")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, WorkerApplication.class.getName(),
                "--spring.cloud.aws.sqs.endpoint=" + sqs.endpoint(), "--spring.cloud.aws.region.static=us-east-1",
                "--spring.cloud.aws.credentials.access-key=x", "--spring.cloud.aws.credentials.secret-key=x",
                "--mega.queues.jobs.name=" + jobs, "--mega.queues.jobs-done.name=" + done,
                "--mega.listener.poll-wait=1s"));
        // To a file, not a pipe: lines written while the JVM shuts down did not all come through a pipe.
        log = Files.createTempFile("worker", ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private List<String> output() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private void sendJob(String url, String subject) {
        EncodedBody body = PayloadEncoder.create().encode(MegaEvent.builder().name("job.requested")
                .timestamp(Instant.now()).subject(subject).domain("reports").publisher("scheduler")
                .object("report", "r-" + subject, java.util.Map.of()).version(2).build(), Encoding.JSON);
        sqs.client().sendMessage(b -> b.queueUrl(url).messageBody(body.body()).messageAttributes(java.util.Map.of(
                body.attributeName(), MessageAttributeValue.builder().dataType("String").stringValue(body.attributeValue())
                        .build())));
    }

    private List<String> received(String url, int count) {
        List<String> bodies = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Message message : sqs.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                sqs.client().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            return bodies.size() >= count;
        });
        return bodies;
    }

    @Test
    void aWorkerWithoutAWebServerConsumesUntilItIsStoppedAndStopsGracefully() throws Exception {
        String jobs = sqs.uniqueName("jobs");
        String done = sqs.uniqueName("jobs-done");
        String jobsUrl = sqs.createQueue(QueueSpec.standard(jobs));
        String doneUrl = sqs.createQueue(QueueSpec.standard(done));
        worker = start(jobs, done);
        await().atMost(Duration.ofSeconds(60)).until(() -> output().stream()
                .anyMatch(line -> line.contains("Started WorkerApplication")) || !worker.isAlive());
        assertThat(worker.isAlive()).as("the worker runs after startup; it printed:%n%s", String.join("\n", output()))
                .isTrue();
        // Still there a while later, with nothing to do: a consumer runs until it is stopped.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(worker::isAlive);

        sendJob(jobsUrl, "a");
        sendJob(jobsUrl, "b");
        assertThat(received(doneUrl, 2)).containsExactlyInAnyOrder(
                "done a for reports by scheduler (r-a, v2)", "done b for reports by scheduler (r-b, v2)");

        worker.destroy(); // SIGTERM
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        assertThat(output()).as("stopped its container gracefully").anyMatch(line -> line.contains("Stopped listening to jobs"));
    }
}
