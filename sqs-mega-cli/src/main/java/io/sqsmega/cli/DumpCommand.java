package io.sqsmega.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code dump QUEUE [--match EXPR] > file.jsonl}: writes every message (body and attributes exactly
 * as sent) as one JSON line, and leaves them on the queue. {@code load} sends such a file.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Writes the messages of a queue to standard output, one JSON line each",
            "{\"messageId\", \"body\", \"attributes\", \"groupId\", \"deduplicationId\", \"sent\"},",
            "and leaves them on the queue (hidden while dump runs). 'load' sends such lines."})
final class DumpCommand extends AwsCommand {

    @Parameters(paramLabel = "QUEUE", description = "The queue's name or URL.")
    String queueName;

    @Option(names = "--match", paramLabel = "EXPR", description = "Only messages this match expression is true for.")
    String match;

    @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default: all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long the messages read stay hidden while dump runs, should it be killed (default 300).")
    int hold;

    @Option(names = "--fetch-payload", description = "Add the bodies of messages offloaded to S3 (\"payload\"); "
            + "\"body\" stays the pointer, so that load sends the message as it was.")
    boolean fetchPayload;

    DumpCommand(Clients clients) {
        super(clients);
    }

    @Override
    int run(SqsClient sqs) {
        Selection selection = Selection.of(match);
        QueueRef queue = QueueRef.resolve(sqs, queueName, aws);
        int dumped;
        try (software.amazon.awssdk.services.s3.S3Client s3 = fetchPayload ? clients.s3(aws) : null) {
            OffloadedPayloads payloads = new OffloadedPayloads(s3, err());
            dumped = new QueueReader(new SqsMessages(sqs), Duration.ofSeconds(hold)).read(queue,
                    selection.withOffloadedBodies(payloads::fetch), limit,
                    message -> {
                        printJson(MessageJson.dumped(message, payloads.fetch(message)));
                        return true;
                    });
        }
        err().println("dumped " + dumped + " message" + (dumped == 1 ? "" : "s") + " of " + queue.name());
        return 0;
    }
}
