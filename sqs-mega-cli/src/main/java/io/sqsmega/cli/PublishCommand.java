package io.sqsmega.cli;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.codec.PayloadFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@code publish DESTINATION [--kind K] [--encoding E] [--attribute N=V]... [--group-id G]
 * [--dedup-id D] [--delay S] [--lines]}: encodes standard input as {@code MegaTemplate} would and
 * sends it to a queue or an SNS topic.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publishes one body from standard input (or one per line with --lines) to a queue (name or URL)",
            "or an SNS topic (ARN), encoded as MegaTemplate encodes it, and prints the message ids.",
            "mega: a MEGA event document; data: a JSON object; text: the text; binary: the bytes (Base64 per line",
            "with --lines). Without --kind: mega, data or text, as 'decode' reads the input."})
final class PublishCommand extends AwsCommand {

    /** The payload kinds one can publish. */
    enum Kind { mega, data, text, binary }

    private final InputStream in;

    @Parameters(paramLabel = "DESTINATION", description = "A queue name or URL, or an SNS topic ARN.")
    String destination;

    @Option(names = "--kind", paramLabel = "mega|data|text|binary", description = "What the input is (default: as decoded).")
    Kind kind;

    @Option(names = "--encoding", paramLabel = "json|bson", defaultValue = "json",
            description = "JSON (default) or BSON in Base64, for events and data objects.")
    String encoding;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE", description = "A String message attribute (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--group-id", paramLabel = "G", description = "The message group id (FIFO queues and topics).")
    String groupId;

    @Option(names = "--dedup-id", paramLabel = "D", description = "The deduplication id (FIFO, one message only).")
    String dedupId;

    @Option(names = "--delay", paramLabel = "SECONDS", description = "Delivery delay, 0-900 s (queues only).")
    Integer delay;

    @Option(names = "--lines", description = "One body per line of standard input, sent in batches of ten.")
    boolean lines;

    PublishCommand(Clients clients, InputStream in) {
        super(clients);
        this.in = in;
    }

    @Override
    int run(SqsClient sqs) throws IOException {
        Encoding chosen = switch (encoding) {
            case "json" -> Encoding.JSON;
            case "bson" -> Encoding.BSON;
            default -> throw new CliException("--encoding " + encoding + ": use json or bson", 2);
        };
        if (attributes.containsKey(PayloadFormat.ATTRIBUTE)) {
            throw new CliException("--attribute " + PayloadFormat.ATTRIBUTE + ": publish sets it from --kind and --encoding", 2);
        }
        byte[] input = in.readAllBytes();
        List<byte[]> bodies = new ArrayList<>();
        if (lines) {
            for (String line : new String(input, StandardCharsets.UTF_8).split("\r?\n")) {
                if (!line.isBlank()) {
                    bodies.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        else {
            bodies.add(input);
        }
        if (dedupId != null && bodies.size() > 1) {
            throw new CliException("--dedup-id names one message; with --lines each line needs its own (or a queue "
                    + "with content-based deduplication)", 2);
        }
        List<EncodedBody> encoded = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            encoded.add(encode(bodies.get(i), chosen, lines ? "line " + (i + 1) : "standard input"));
        }
        List<String> errors = new ArrayList<>();
        List<String> ids = destination.startsWith("arn:aws:sns:") ? publishToTopic(encoded, errors)
                : sendToQueue(sqs, encoded, errors);
        int failed = printSent(ids, errors);
        return failed == 0 ? 0 : 1;
    }

    private EncodedBody encode(byte[] input, Encoding chosen, String where) {
        PayloadEncoder encoder = PayloadEncoder.create();
        String text = new String(input, StandardCharsets.UTF_8);
        if (kind == Kind.binary) {
            try {
                return encoder.encodeBinary(lines ? Base64.getDecoder().decode(text.strip()) : input);
            }
            catch (IllegalArgumentException ex) {
                throw new CliException(where + ": with --lines, a binary body is written in Base64 (" + ex.getMessage() + ")");
            }
        }
        if (kind == Kind.text) {
            return encoder.encodeText(text);
        }
        DecodeResult decoded = BodyDecoder.create().decode(text);
        Payload payload = decoded instanceof DecodeResult.Decoded ok ? ok.payload() : null;
        if (payload instanceof Payload.Mega mega && kind != Kind.data) {
            return encoder.encodeEvent(mega.event(), chosen);
        }
        if (payload instanceof Payload.Data data && kind != Kind.mega) {
            return encoder.encodeData(data.data(), chosen);
        }
        if (kind == null) {
            if (decoded instanceof DecodeResult.Invalid invalid) {
                throw new CliException(where + " is not a valid MEGA event or data object: " + invalid.reason()
                        + " (--kind text sends it as text)");
            }
            return encoder.encodeText(text);
        }
        if (kind == Kind.mega) {
            throw new CliException(where + " is not a MEGA event" + (decoded instanceof DecodeResult.Invalid invalid
                    ? ": " + invalid.reason() : " (it reads as " + (payload == null ? "an SNS confirmation"
                    : payload.kind().name().toLowerCase(java.util.Locale.ROOT)) + ")"));
        }
        throw new CliException(where + " is not a JSON object (a data payload)" + (decoded instanceof DecodeResult.Invalid
                invalid ? ": " + invalid.reason() : ""));
    }

    private List<String> sendToQueue(SqsClient sqs, List<EncodedBody> encoded, List<String> errors) {
        QueueRef queue = QueueRef.resolve(sqs, destination, aws);
        if (queue.fifo() && groupId == null) {
            throw new CliException(queue.name() + " is a FIFO queue: give --group-id", 2);
        }
        List<SqsMessages.Outgoing> messages = new ArrayList<>();
        for (EncodedBody body : encoded) {
            Map<String, MessageAttributeValue> sqsAttributes = new LinkedHashMap<>();
            sqsAttributes.put(body.attributeName(), stringAttribute(body.attributeValue()));
            attributes.forEach((name, value) -> sqsAttributes.put(name, stringAttribute(value)));
            messages.add(new SqsMessages.Outgoing(body.body(), sqsAttributes, groupId, dedupId, delay));
        }
        return new SqsMessages(sqs).send(queue.url(), messages, errors);
    }

    private List<String> publishToTopic(List<EncodedBody> encoded, List<String> errors) {
        if (delay != null) {
            throw new CliException("--delay is for queues; SNS topics have no delivery delay", 2);
        }
        List<String> ids = new ArrayList<>();
        try (SnsClient sns = clients.sns(aws)) {
            for (List<EncodedBody> batch : SqsMessages.batches(encoded, body -> SqsMessages.utf8Length(body.body()) + 64)) {
                List<PublishBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> snsAttributes =
                            new LinkedHashMap<>();
                    snsAttributes.put(batch.get(i).attributeName(), snsAttribute(batch.get(i).attributeValue()));
                    attributes.forEach((name, value) -> snsAttributes.put(name, snsAttribute(value)));
                    entries.add(PublishBatchRequestEntry.builder().id(Integer.toString(i)).message(batch.get(i).body())
                            .messageAttributes(snsAttributes).messageGroupId(groupId).messageDeduplicationId(dedupId)
                            .build());
                }
                PublishBatchResponse response = sns.publishBatch(b -> b.topicArn(destination).publishBatchRequestEntries(entries));
                SqsMessages.BatchOutcome outcome = new SqsMessages.BatchOutcome(batch.size());
                response.successful().forEach(ok -> outcome.sent(ok.id(), ok.messageId()));
                response.failed().forEach(error -> outcome.failed(error.id(), error.code() + ": " + error.message()));
                outcome.addTo(ids, errors);
            }
        }
        return ids;
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static software.amazon.awssdk.services.sns.model.MessageAttributeValue snsAttribute(String value) {
        return software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder().dataType("String")
                .stringValue(value).build();
    }
}
