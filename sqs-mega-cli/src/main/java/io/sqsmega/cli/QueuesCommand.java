package io.sqsmega.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code queues [--prefix P]}: every queue with its message counts, its dead-letter queue and max
 * receive count, and, for a dead-letter queue, the queues that feed it.
 */
@Command(name = "queues", mixinStandardHelpOptions = true,
        description = {"Lists queues: visible, in-flight and delayed messages (SQS's approximate counts),",
            "the dead-letter queue and max receive count of each RedrivePolicy, and the queues a DLQ is fed by."})
final class QueuesCommand extends AwsCommand {

    @Option(names = "--prefix", paramLabel = "P", description = "Only queues whose name starts with P.")
    String prefix;

    QueuesCommand(Clients clients) {
        super(clients);
    }

    @Override
    int run(SqsClient sqs) {
        List<QueueRef> queues = new ArrayList<>();
        sqs.listQueuesPaginator(b -> b.queueNamePrefix(prefix).maxResults(1000)).queueUrls()
                .forEach(url -> queues.add(QueueRef.of(sqs, url)));
        queues.sort(java.util.Comparator.comparing(QueueRef::name));
        // Feeders are found among the listed queues (a --prefix may leave some out).
        Map<String, List<String>> feeders = new TreeMap<>();
        for (QueueRef queue : queues) {
            if (queue.deadLetterArn() != null) {
                feeders.computeIfAbsent(queue.deadLetterArn(), arn -> new ArrayList<>()).add(queue.name());
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (QueueRef queue : queues) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("queue", queue.name());
            row.put("visible", queue.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            row.put("inFlight", queue.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            row.put("delayed", queue.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
            row.put("deadLetterQueue", QueueRef.nameOfArn(queue.deadLetterArn()));
            row.put("maxReceiveCount", queue.deadLetterArn() == null ? null : queue.maxReceiveCount());
            row.put("fedBy", feeders.getOrDefault(queue.arn(), List.of()));
            row.put("url", queue.url());
            rows.add(row);
        }
        if (output.json()) {
            rows.forEach(this::printJson);
            return 0;
        }
        Table table = new Table("QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED", "DLQ", "MAX RECEIVES", "FED BY");
        for (Map<String, Object> row : rows) {
            table.row(row.get("queue"), row.get("visible"), row.get("inFlight"), row.get("delayed"),
                    row.get("deadLetterQueue"), row.get("maxReceiveCount"), String.join(",", castList(row.get("fedBy"))));
        }
        table.print(out());
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return (List<String>) list;
    }
}
