package io.sqsmega.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.Payload;
import io.sqsmega.dispatch.DeadLetterAttributes;
import io.sqsmega.json.MegaJson;
import io.sqsmega.offload.S3Pointer;
import io.sqsmega.test.EmbeddedS3;
import io.sqsmega.test.EmbeddedSqs;
import software.amazon.awssdk.core.sync.RequestBody;
import io.sqsmega.test.Fauxqs;
import io.sqsmega.test.QueueSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The commands that talk to SQS, run in process against the embedded ElasticMQ exactly as a user
 * runs them (credentials and region from the environment the build sets, the endpoint from
 * {@code --endpoint-url}).
 */
class QueueCommandsTest {

    private static final EmbeddedSqs SQS = EmbeddedSqs.shared();

    record Run(int status, String out, String err) {
        List<JsonNode> json() {
            return out.lines().map(line -> {
                try {
                    return MegaJson.mapper().readTree(line);
                }
                catch (Exception ex) {
                    throw new AssertionError("not a JSON line: " + line, ex);
                }
            }).toList();
        }
    }

    static Run cli(String stdin, Clients clients, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Arrays.stream(args), Stream.of("--endpoint-url", SQS.endpoint().toString()))
                .toArray(String[]::new);
        int status = SqsMegaCli.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                clients);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run cli(String... args) {
        return cli("", Clients.AWS, args);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** A dead letter as a listener container leaves it: the original attributes plus ours. */
    private static String deadLetter(String dlqUrl, String body, String source, String failure, String reason,
            Map<String, MessageAttributeValue> original) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(original);
        attributes.put(DeadLetterAttributes.FAILURE, text(failure));
        attributes.put(DeadLetterAttributes.REASON, text(reason));
        attributes.put(DeadLetterAttributes.SOURCE_QUEUE, text(source));
        attributes.put(DeadLetterAttributes.ORIGINAL_ID, text("original-" + body.hashCode()));
        return SQS.client().sendMessage(b -> b.queueUrl(dlqUrl).messageBody(body).messageAttributes(attributes)).messageId();
    }

    /** Takes every message of a queue (and deletes it), with all its attributes. */
    private static List<Message> drain(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = SQS.client().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> SQS.client().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }

    private static Map<String, MessageAttributeValue> userAttributes() {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("mega-payload", text("data+json"));
        attributes.put("tenant", MessageAttributeValue.builder().dataType("String.tenant").stringValue("  acme\u00e9 ").build());
        attributes.put("priority", MessageAttributeValue.builder().dataType("Number").stringValue("7").build());
        attributes.put("blob", MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})).build());
        return attributes;
    }

    @Test
    void redriveByReasonMovesExactlyTheSelectedMessagesAsTheyWereFirstSent() {
        String queue = SQS.uniqueName("orders");
        String url = SQS.createQueue(QueueSpec.standard(queue).withDeadLetterQueue(3));
        String dlq = SQS.queueUrl(QueueSpec.standard(queue).deadLetterQueueName());
        String body = "{ \"sku\" : \"a\u00e9\u4e2d\", \"quantity\": 1 }\n";
        String timeout = deadLetter(dlq, body, queue, "fatal", "TimeoutException: db timed out", userAttributes());
        deadLetter(dlq, "{\"sku\":\"b\"}", queue, "fatal", "IllegalStateException: bad sku", userAttributes());
        deadLetter(dlq, "not json", queue, "invalid", "the body is not JSON: timeout", Map.of());

        Run run = cli("redrive", QueueSpec.standard(queue).deadLetterQueueName(), "--reason", "Timeout",
                "--failure", "fatal", "--output", "json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json()).filteredOn(line -> line.get("action").asText().equals("moved"))
                .extracting(line -> line.get("messageId").asText()).containsExactly(timeout);
        assertThat(run.json()).filteredOn(line -> line.get("action").asText().equals("skipped")).hasSize(2);
        assertThat(run.err()).contains("moved 1, skipped 2");
        List<Message> moved = drain(url);
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).body()).isEqualTo(body);
        assertThat(moved.get(0).messageAttributes()).isEqualTo(userAttributes());
        assertThat(drain(dlq)).extracting(Message::body).containsExactlyInAnyOrder("{\"sku\":\"b\"}", "not json");
    }

    @Test
    void redriveByMatchAndToMovesWhatTheExpressionSelectsAndDryRunMovesNothing() {
        String dlqName = SQS.uniqueName("dlq");
        String dlq = SQS.createQueue(QueueSpec.standard(dlqName));
        String target = SQS.uniqueName("replay");
        String targetUrl = SQS.createQueue(QueueSpec.standard(target));
        for (int quantity = 0; quantity < 12; quantity++) {
            deadLetter(dlq, "{\"sku\":\"s" + quantity + "\",\"quantity\":" + quantity + "}", "gone", "fatal", "boom",
                    Map.of("mega-payload", text("data+json")));
        }

        Run dry = cli("redrive", dlqName, "--to", target, "--match", "data.quantity >= 8", "--dry-run");
        assertThat(dry.status()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("would move 4, skipped 8");
        assertThat(SQS.visibleMessages(targetUrl)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> SQS.visibleMessages(dlq) == 12);

        Run run = cli("redrive", dlqName, "--to", target, "--match", "data.quantity >= 8");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 4, skipped 8").contains("--match is false");
        assertThat(drain(targetUrl)).extracting(Message::body).containsExactlyInAnyOrder(
                "{\"sku\":\"s8\",\"quantity\":8}", "{\"sku\":\"s9\",\"quantity\":9}",
                "{\"sku\":\"s10\",\"quantity\":10}", "{\"sku\":\"s11\",\"quantity\":11}");
        assertThat(drain(dlq)).hasSize(8);
    }

    @Test
    void redriveOfAFifoQueueKeepsEachGroupAndItsOrder() {
        String queue = SQS.uniqueName("fifo") + ".fifo";
        String url = SQS.createQueue(QueueSpec.standard(queue).asFifo().withDeadLetterQueue(1));
        String dlqName = QueueSpec.standard(queue).asFifo().deadLetterQueueName();
        String dlq = SQS.queueUrl(dlqName);
        for (int i = 0; i < 6; i++) {
            String group = "g" + (i % 2);
            int n = i;
            SQS.client().sendMessage(b -> b.queueUrl(dlq).messageBody(group + "-" + n).messageGroupId(group)
                    .messageDeduplicationId("d" + n).messageAttributes(Map.of(DeadLetterAttributes.FAILURE, text("fatal"),
                            DeadLetterAttributes.SOURCE_QUEUE, text(queue))));
        }

        Run run = cli("redrive", dlqName);

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("moved 6, skipped 0");
        List<Message> moved = drain(url);
        assertThat(moved).filteredOn(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID).equals("g0"))
                .extracting(Message::body).containsExactly("g0-0", "g0-2", "g0-4");
        assertThat(moved).filteredOn(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID).equals("g1"))
                .extracting(Message::body).containsExactly("g1-1", "g1-3", "g1-5");
        assertThat(moved).allSatisfy(m -> assertThat(m.messageAttributes()).isEmpty());
    }

    /** An SQS client that dies on its first DeleteMessageBatch, as a process killed between send and delete. */
    private static Clients killedBeforeDelete() {
        return new Clients() {
            @Override
            public SqsClient sqs(AwsOptions options) {
                SqsClient real = Clients.AWS.sqs(options);
                return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("deleteMessageBatch")) {
                                throw new IllegalStateException("killed between the send and its delete");
                            }
                            try {
                                return method.invoke(real, args);
                            }
                            catch (InvocationTargetException ex) {
                                throw ex.getCause();
                            }
                        });
            }

            @Override
            public SnsClient sns(AwsOptions options) {
                return Clients.AWS.sns(options);
            }
        };
    }

    @Test
    void aRedriveKilledBetweenSendAndDeleteLosesNothingAndARerunFinishesIt() {
        String queue = SQS.uniqueName("crash");
        String url = SQS.createQueue(QueueSpec.standard(queue).withDeadLetterQueue(3));
        String dlqName = QueueSpec.standard(queue).deadLetterQueueName();
        String dlq = SQS.queueUrl(dlqName);
        List<String> bodies = List.of("one", "two", "three");
        bodies.forEach(body -> deadLetter(dlq, body, queue, "fatal", "boom", Map.of()));

        Run killed = cli("", killedBeforeDelete(), "redrive", dlqName, "--hold", "1");

        assertThat(killed.status()).isEqualTo(1);
        assertThat(killed.err()).contains("killed between the send and its delete");
        // Sent, not deleted: both queues hold every message once the hold is over.
        await().atMost(Duration.ofSeconds(10)).until(() -> SQS.visibleMessages(dlq) == 3);
        assertThat(SQS.visibleMessages(url)).isEqualTo(3);

        Run rerun = cli("redrive", dlqName);
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(SQS.visibleMessages(dlq)).isZero();
        // At least once: duplicated, never lost.
        assertThat(drain(url)).extracting(Message::body).containsOnly("one", "two", "three").hasSize(6);
    }

    @Test
    void peekShowsMessagesDecodedWithTheirFailureAndLeavesThemVisible() {
        String dlqName = SQS.uniqueName("peeked");
        String dlq = SQS.createQueue(QueueSpec.standard(dlqName));
        deadLetter(dlq, "{\"sku\":\"a\",\"quantity\":5}", "orders", "fatal", "IllegalStateException: no stock",
                Map.of("mega-payload", text("data+json"), "tenant", text("acme")));
        deadLetter(dlq, "{\"sku\":\"b\",\"quantity\":1}", "orders", "fatal", "boom", Map.of("mega-payload", text("data+json")));

        Run run = cli("peek", dlqName, "--match", "data.quantity > 2", "--output", "json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json()).hasSize(1);
        JsonNode line = run.json().get(0);
        assertThat(line.get("receiveCount").asInt()).isEqualTo(1);
        assertThat(line.get("attributes").toString()).isEqualTo("{\"mega-payload\":\"data+json\",\"tenant\":\"acme\"}");
        assertThat(line.get("failure").get(DeadLetterAttributes.REASON).asText()).isEqualTo("IllegalStateException: no stock");
        assertThat(line.get("decoded").toString()).isEqualTo(
                "{\"kind\":\"data\",\"value\":{\"sku\":\"a\",\"quantity\":5},\"sns\":null,\"reason\":null}");
        assertThat(SQS.visibleMessages(dlq)).isEqualTo(2);
        assertThat(SQS.inFlightMessages(dlq)).isZero();

        Run table = cli("peek", dlqName);
        assertThat(table.out()).contains("failure    fatal: IllegalStateException: no stock (from orders)")
                .contains("decoded    {\"kind\":\"data\"");
        assertThat(SQS.visibleMessages(dlq)).isEqualTo(2);
    }

    @Test
    void peekFollowShowsEachMessageOnceUntilItsLimitAndRedriveLimitMovesNoMore() {
        String queue = SQS.uniqueName("followed");
        String url = SQS.createQueue(QueueSpec.standard(queue));
        for (int i = 0; i < 3; i++) {
            int n = i;
            SQS.client().sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
        }

        Run follow = cli("peek", queue, "--follow", "--limit", "3", "--output", "json");
        assertThat(follow.status()).as(follow.err()).isZero();
        assertThat(follow.json()).extracting(line -> line.get("decoded").get("value").asText())
                .containsExactlyInAnyOrder("m0", "m1", "m2");
        await().atMost(Duration.ofSeconds(10)).until(() -> SQS.visibleMessages(url) == 3);

        String target = SQS.uniqueName("limited");
        String targetUrl = SQS.createQueue(QueueSpec.standard(target));
        Run limited = cli("redrive", queue, "--to", target, "--limit", "2");
        assertThat(limited.status()).as(limited.err()).isZero();
        assertThat(limited.out()).contains("moved 2, skipped 1").contains("--limit 2 reached");
        assertThat(drain(targetUrl)).hasSize(2);
        assertThat(drain(url)).hasSize(1);
    }

    @Test
    void peekStopsAtAMessageItBroughtToItsMaxReceiveCountUnlessForced() {
        String queue = SQS.uniqueName("fragile");
        String url = SQS.createQueue(QueueSpec.standard(queue).withDeadLetterQueue(2));
        SQS.client().sendMessage(b -> b.queueUrl(url).messageBody("first"));

        Run once = cli("peek", queue);
        assertThat(once.status()).as(once.err()).isZero();
        Run twice = cli("peek", queue);
        assertThat(twice.status()).isEqualTo(3);
        assertThat(twice.err()).contains("has now been received 2 times, the maxReceiveCount of " + queue)
                .contains("the next receive moves it to " + queue + "-dlq").contains("--force");
        assertThat(SQS.visibleMessages(url)).isEqualTo(1);

        // With maxReceiveCount 1 any receive dooms a message: peek refuses before receiving.
        String single = SQS.uniqueName("single");
        String singleUrl = SQS.createQueue(QueueSpec.standard(single).withDeadLetterQueue(1));
        SQS.client().sendMessage(b -> b.queueUrl(singleUrl).messageBody("only"));
        Run refused = cli("peek", single);
        assertThat(refused.status()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("maxReceiveCount 1").contains("Peek refuses; --force");
        List<Message> untouched = drain(singleUrl);
        assertThat(untouched).singleElement().satisfies(m -> assertThat(
                m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1"));
    }

    @Test
    void dumpThenLoadRoundTripsAQueue() {
        String from = SQS.uniqueName("dumped");
        String fromUrl = SQS.createQueue(QueueSpec.standard(from));
        String to = SQS.uniqueName("loaded");
        String toUrl = SQS.createQueue(QueueSpec.standard(to));
        for (int i = 0; i < 23; i++) {
            String body = i % 2 == 0 ? "{\"n\":" + i + "}" : "text \u00e9 " + i + "\r\n";
            SQS.client().sendMessage(b -> b.queueUrl(fromUrl).messageBody(body).messageAttributes(userAttributes()));
        }

        Run dump = cli("dump", from);
        assertThat(dump.status()).as(dump.err()).isZero();
        assertThat(dump.out().lines()).hasSize(23);
        assertThat(dump.err()).contains("dumped 23 messages of " + from);
        assertThat(SQS.visibleMessages(fromUrl)).isEqualTo(23);

        Run load = cli(dump.out(), Clients.AWS, "load", to);
        assertThat(load.status()).as(load.err()).isZero();
        assertThat(load.out().lines()).hasSize(23);

        Map<String, Map<String, MessageAttributeValue>> original = new LinkedHashMap<>();
        drain(fromUrl).forEach(m -> original.put(m.body(), m.messageAttributes()));
        Map<String, Map<String, MessageAttributeValue>> loaded = new LinkedHashMap<>();
        drain(toUrl).forEach(m -> loaded.put(m.body(), m.messageAttributes()));
        assertThat(loaded).isEqualTo(original).hasSize(23);
    }

    @Test
    void offloadedMessagesShowTheirPointerAndSizeAndFetchPayloadReadsThemWhileRedriveMovesThePointer() {
        EmbeddedS3 s3 = EmbeddedS3.shared();
        s3.createBucket("cli-payloads");
        String body = "{\"sku\":\"big\",\"lines\":\"" + "x".repeat(300_000) + "\"}";
        s3.client().putObject(b -> b.bucket("cli-payloads").key("k-1"), RequestBody.fromString(body));
        String dlqName = SQS.uniqueName("offloaded-dlq");
        String dlq = SQS.createQueue(QueueSpec.standard(dlqName));
        String source = SQS.createQueue(QueueSpec.standard(SQS.uniqueName("offloaded-source")));
        String pointer = new S3Pointer("cli-payloads", "k-1").toBody();
        deadLetter(dlq, pointer, source, "fatal", "boom", Map.of("mega-payload", text("data+json"),
                "SQSLargePayloadSize", MessageAttributeValue.builder().dataType("Number")
                        .stringValue(String.valueOf(body.length())).build()));

        Run peeked = cli("peek", dlqName, "--output", "json");
        assertThat(peeked.status()).as(peeked.err()).isZero();
        JsonNode line = peeked.json().get(0);
        assertThat(line.get("offloaded").toString()).isEqualTo("{\"bucket\":\"cli-payloads\",\"key\":\"k-1\",\"size\":\""
                + body.length() + "\",\"marker\":\"SQSLargePayloadSize\"}");
        assertThat(line.get("attributes").toString()).isEqualTo("{\"mega-payload\":\"data+json\"}");
        assertThat(line.get("decoded").isNull()).isTrue();
        assertThat(cli("peek", dlqName).out()).contains("offloaded  s3://cli-payloads/k-1 (" + body.length() + " bytes)")
                .contains("(the body is in S3: --fetch-payload reads it)");

        Run fetched = cli("peek", dlqName, "--fetch-payload", "--s3-endpoint-url", s3.endpoint().toString(),
                "--output", "json");
        assertThat(fetched.status()).as(fetched.err()).isZero();
        assertThat(fetched.json().get(0).get("decoded").get("value").get("sku").asText()).isEqualTo("big");
        // --match is evaluated on the body listeners see: read from S3 with --fetch-payload, never on the pointer.
        Run matched = cli("peek", dlqName, "--match", "data.sku == 'big'", "--fetch-payload", "--s3-endpoint-url",
                s3.endpoint().toString(), "--output", "json");
        assertThat(matched.status()).as(matched.err()).isZero();
        assertThat(matched.json()).hasSize(1);
        assertThat(cli("peek", dlqName, "--match", "data.sku == 'big'", "--output", "json").json()).isEmpty();
        Run skipped = cli("redrive", dlqName, "--match", "data.sku == 'big'", "--dry-run");
        assertThat(skipped.out()).contains("its body is offloaded to S3 and was not read");

        Run dumped = cli("dump", dlqName, "--fetch-payload", "--s3-endpoint-url", s3.endpoint().toString());
        assertThat(dumped.json().get(0).get("body").asText()).isEqualTo(pointer);
        assertThat(dumped.json().get(0).get("payload").asText()).isEqualTo(body);

        Run redriven = cli("redrive", dlqName);
        assertThat(redriven.status()).as(redriven.err()).isZero();
        List<Message> moved = drain(source);
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).body()).isEqualTo(pointer);
        assertThat(moved.get(0).messageAttributes()).containsKey("SQSLargePayloadSize");
        assertThat(s3.exists("cli-payloads", "k-1")).isTrue();
    }

    @Test
    void purgeAsksForTheQueueNameUnlessYes() {
        String queue = SQS.uniqueName("purged");
        String url = SQS.createQueue(QueueSpec.standard(queue));
        SQS.client().sendMessage(b -> b.queueUrl(url).messageBody("x"));

        Run refused = cli("y\n", Clients.AWS, "purge", queue);
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).contains("Type the queue's name to confirm").contains("Not purged.");
        assertThat(SQS.visibleMessages(url)).isEqualTo(1);

        Run confirmed = cli(queue + "\n", Clients.AWS, "purge", queue);
        assertThat(confirmed.status()).as(confirmed.err()).isZero();
        assertThat(confirmed.out()).isEqualTo("purged " + queue + "\n");
        assertThat(confirmed.err()).contains("Bodies offloaded to S3 by the purged messages stay in their buckets");
        await().atMost(Duration.ofSeconds(10)).until(() -> SQS.visibleMessages(url) == 0);
    }

    @Test
    void queuesListsCountsDeadLetterQueuesAndWhatFeedsThem() {
        String prefix = SQS.uniqueName("listed");
        String url = SQS.createQueue(QueueSpec.standard(prefix + "-a").withDeadLetterQueue(4));
        SQS.client().sendMessage(b -> b.queueUrl(url).messageBody("x"));

        Run run = cli("queues", "--prefix", prefix, "--output", "json");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.json()).extracting(line -> line.get("queue").asText()).containsExactly(prefix + "-a", prefix + "-a-dlq");
        JsonNode queue = run.json().get(0);
        assertThat(queue.get("visible").asLong()).isEqualTo(1);
        assertThat(queue.get("deadLetterQueue").asText()).isEqualTo(prefix + "-a-dlq");
        assertThat(queue.get("maxReceiveCount").asInt()).isEqualTo(4);
        assertThat(run.json().get(1).get("fedBy").toString()).isEqualTo("[\"" + prefix + "-a\"]");

        Run table = cli("queues", "--prefix", prefix);
        String dlq = prefix + "-a-dlq";
        String name = "%-" + dlq.length() + "s";
        assertThat(table.out().lines().toList()).containsExactly(
                String.format(name + "  VISIBLE  IN FLIGHT  DELAYED  " + name + "  MAX RECEIVES  FED BY", "QUEUE", "DLQ"),
                String.format(name + "  %7d  %9d  %7d  " + name + "  %12d", prefix + "-a", 1, 0, 0, dlq, 4),
                String.format(name + "  %7d  %9d  %7d  " + name + "  %12s  %s", dlq, 0, 0, 0, "", "", prefix + "-a"));
    }

    @Test
    void publishEncodesEveryKindAsTheTemplateDoes() {
        String queue = SQS.uniqueName("published");
        String url = SQS.createQueue(QueueSpec.standard(queue));
        String event = "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"item.added\","
                + "\"timestamp\":\"2026-12-05T10:00:00Z\",\"quantity\":2}}";

        assertThat(cli(event, Clients.AWS, "publish", queue, "--encoding", "bson", "--attribute", "tenant=acme").status()).isZero();
        assertThat(cli("{\"a\":1}\n{\"a\":2}\n", Clients.AWS, "publish", queue, "--lines").out().lines()).hasSize(2);
        assertThat(cli("hello", Clients.AWS, "publish", queue, "--kind", "text").status()).isZero();
        Run bad = cli("{\"a\":", Clients.AWS, "publish", queue, "--kind", "data");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).startsWith("sqs-mega publish: standard input is not a JSON object (a data payload)");

        List<Message> messages = drain(url);
        assertThat(messages).hasSize(4);
        List<Payload> payloads = new ArrayList<>();
        for (Message m : messages) {
            DecodeResult result = BodyDecoder.create().decode(m.body(), MessageJson.text(m.messageAttributes()));
            payloads.add(((DecodeResult.Decoded) result).payload());
        }
        assertThat(payloads).filteredOn(p -> p instanceof Payload.Mega).singleElement()
                .satisfies(p -> assertThat(((Payload.Mega) p).event().name()).isEqualTo("item.added"));
        assertThat(messages).extracting(m -> m.messageAttributes().get("mega-payload").stringValue())
                .containsExactlyInAnyOrder("mega+bson", "data+json", "data+json", "text");
        assertThat(payloads).contains(new Payload.Data(Map.of("a", 1)), new Payload.Data(Map.of("a", 2)),
                new Payload.Text("hello"));
        assertThat(messages).filteredOn(m -> m.messageAttributes().containsKey("tenant")).hasSize(1);
    }

    @Test
    void publishToAnSnsTopicReachesItsSubscribedQueueInTheEnvelope() {
        Assumptions.assumeTrue(Fauxqs.isAvailable(), Fauxqs::unavailableReason);
        Fauxqs fauxqs = Fauxqs.shared();
        String name = SQS.uniqueName("cli-topic");
        Fauxqs.Subscription subscription = fauxqs.subscribeQueue(name, name + "-q", false);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SqsMegaCli.run(new String[] {"publish", subscription.topicArn(), "--lines", "--attribute", "tenant=acme",
            "--endpoint-url", fauxqs.endpoint().toString()},
                new ByteArrayInputStream("{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
        try (SqsClient sqs = fauxqs.newSqsClient()) {
            List<Payload> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                sqs.receiveMessage(b -> b.queueUrl(subscription.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages().forEach(m -> {
                            DecodeResult.Decoded decoded = (DecodeResult.Decoded) BodyDecoder.create().decode(m.body());
                            assertThat(decoded.envelope()).isNotNull();
                            assertThat(decoded.envelope().messageAttributes().get("tenant").value()).isEqualTo("acme");
                            assertThat(decoded.envelope().messageAttributes().get("mega-payload").value())
                                    .isEqualTo("data+json");
                            received.add(decoded.payload());
                        });
                return received.size() == 2;
            });
            assertThat(received).containsExactlyInAnyOrder(new Payload.Data(Map.of("n", 1)), new Payload.Data(Map.of("n", 2)));
        }
    }

    @Test
    void aMissingQueueABrokenExpressionAndAnUnreachableEndpointSayWhatToFix() {
        Run missing = cli("peek", "no-such-queue-here");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("sqs-mega peek: Queue 'no-such-queue-here' does not exist at "
                + SQS.endpoint() + ". 'sqs-mega queues' lists the queues these settings can see.\n");

        Run broken = cli("redrive", "any-dlq", "--match", "data.x ==");
        assertThat(broken.status()).isEqualTo(2);
        assertThat(broken.err()).startsWith("sqs-mega redrive: --match: ").contains("^");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SqsMegaCli.run(new String[] {"queues", "--endpoint-url", "http://127.0.0.1:1"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("sqs-mega queues: cannot reach the endpoint (")
                .contains("check --endpoint-url").doesNotContain("\tat ");
    }
}
