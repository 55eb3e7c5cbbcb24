package io.sqsmega.cli;

import io.sqsmega.dispatch.DeadLetterAttributes;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code peek QUEUE [--match EXPR] [--limit N] [--follow] [--force]}: shows messages decoded, with
 * their id, sent time, receive count, attributes and failure attributes, and leaves them on the queue.
 */
@Command(name = "peek", mixinStandardHelpOptions = true,
        description = {"Shows messages of a queue, decoded as 'decode' decodes them, and leaves them there",
            "(each is hidden while peek runs and made visible again when it ends).",
            "Receiving raises a message's receive count. On a queue with a RedrivePolicy, peek stops (exit 3)",
            "at a message it has brought to its maxReceiveCount (the next receive moves it to the DLQ), and",
            "refuses at once when that count is 1, unless --force is given."})
final class PeekCommand extends AwsCommand {

    @Parameters(paramLabel = "QUEUE", description = "The queue's name or URL.")
    String queueName;

    @Option(names = "--match", paramLabel = "EXPR", description = "Only messages this match expression is true for.")
    String match;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "At most N messages (default 10).")
    int limit;

    @Option(names = "--follow", description = "Keep reading as messages arrive, until stopped (Ctrl-C) or --limit.")
    boolean follow;

    @Option(names = "--force", description = "Peek even where it brings a message to its maxReceiveCount.")
    boolean force;

    @Option(names = "--fetch-payload", description = "Read the bodies of messages offloaded to S3 and decode them "
            + "(otherwise their pointer and size are shown).")
    boolean fetchPayload;

    private OffloadedPayloads payloads;

    PeekCommand(Clients clients) {
        super(clients);
    }

    @Override
    int run(SqsClient sqs) {
        Selection selection = Selection.of(match);
        QueueRef queue = QueueRef.resolve(sqs, queueName, aws);
        int maxReceives = queue.maxReceiveCount();
        if (maxReceives == 1 && !force) {
            // Every message peek receives would then be moved to the DLQ by the next receive, unprocessed.
            err().println(queue.name() + "'s RedrivePolicy has maxReceiveCount 1: any message peek receives would be "
                    + "moved to " + QueueRef.nameOfArn(queue.deadLetterArn()) + " by the next receive, unprocessed. "
                    + "Peek refuses; --force peeks regardless.");
            return 3;
        }
        try (software.amazon.awssdk.services.s3.S3Client s3 = fetchPayload ? clients.s3(aws) : null) {
            payloads = new OffloadedPayloads(s3, err());
            return peek(sqs, queue, selection.withOffloadedBodies(payloads::fetch), maxReceives);
        }
    }

    private int peek(SqsClient sqs, QueueRef queue, Selection selection, int maxReceives) {
        int[] status = {0};
        QueueReader.Visitor show = message -> {
            print(message);
            if (maxReceives > 0 && !force && MessageJson.receiveCount(message) >= maxReceives) {
                err().println("Message " + message.messageId() + " has now been received " + MessageJson.receiveCount(message)
                        + " times, the maxReceiveCount of " + queue.name() + "'s RedrivePolicy: the next receive moves it to "
                        + QueueRef.nameOfArn(queue.deadLetterArn()) + ". Peek stops here; --force peeks on regardless.");
                status[0] = 3;
                return false;
            }
            return true;
        };
        QueueReader reader = new QueueReader(new SqsMessages(sqs), Duration.ofSeconds(30));
        if (follow) {
            reader.follow(queue, selection, limit, show);
        }
        else {
            reader.read(queue, selection, limit, show);
        }
        return status[0];
    }

    private void print(Message message) {
        Map<String, Object> line = MessageJson.peeked(message, payloads.fetch(message));
        if (output.json()) {
            printJson(line);
            return;
        }
        out().println("message " + line.get("messageId") + "  sent " + line.get("sent") + "  received "
                + line.get("receiveCount") + "x" + (line.get("groupId") != null ? "  group " + line.get("groupId") : ""));
        Map<?, ?> attributes = (Map<?, ?>) line.get("attributes");
        if (!attributes.isEmpty()) {
            out().println("  attributes " + json(attributes));
        }
        if (line.get("failure") instanceof Map<?, ?> failure) {
            out().println("  failure    " + failure.get(DeadLetterAttributes.FAILURE) + ": "
                    + failure.get(DeadLetterAttributes.REASON) + " (from " + failure.get(DeadLetterAttributes.SOURCE_QUEUE)
                    + (failure.get(DeadLetterAttributes.LISTENERS) != null ? ", listeners "
                    + failure.get(DeadLetterAttributes.LISTENERS) : "") + ")");
        }
        if (line.get("offloaded") instanceof Map<?, ?> offloaded) {
            out().println("  offloaded  s3://" + offloaded.get("bucket") + "/" + offloaded.get("key") + " ("
                    + offloaded.get("size") + " bytes)");
        }
        out().println("  decoded    " + (line.get("decoded") != null ? json(line.get("decoded"))
                : "(the body is in S3: --fetch-payload reads it)"));
    }
}
