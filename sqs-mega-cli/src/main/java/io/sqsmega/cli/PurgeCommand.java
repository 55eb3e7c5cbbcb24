package io.sqsmega.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@code purge QUEUE [--yes]}: deletes every message of a queue, after a confirmation. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Deletes every message of a queue (SQS's PurgeQueue: it cannot be undone, and SQS allows one",
            "purge per queue per 60 seconds). Asks for the queue's name first, unless --yes is given."})
final class PurgeCommand extends AwsCommand {

    private final InputStream in;

    @Parameters(paramLabel = "QUEUE", description = "The queue's name or URL.")
    String queueName;

    @Option(names = "--yes", description = "Do not ask (for scripts).")
    boolean yes;

    PurgeCommand(Clients clients, InputStream in) {
        super(clients);
        this.in = in;
    }

    @Override
    int run(SqsClient sqs) throws IOException {
        QueueRef queue = QueueRef.resolve(sqs, queueName, aws);
        if (!yes) {
            err().print("Purge " + queue.name() + " (about " + queue.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + " visible and " + queue.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
                    + " in-flight messages)? Type the queue's name to confirm: ");
            err().flush();
            String answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.strip().equals(queue.name())) {
                err().println("Not purged.");
                return 1;
            }
        }
        sqs.purgeQueue(b -> b.queueUrl(queue.url()));
        out().println("purged " + queue.name());
        // The objects of offloaded bodies are not messages: no purge reaches them.
        err().println("Bodies offloaded to S3 by the purged messages stay in their buckets: an S3 lifecycle rule "
                + "(expiry) removes them");
        return 0;
    }
}
