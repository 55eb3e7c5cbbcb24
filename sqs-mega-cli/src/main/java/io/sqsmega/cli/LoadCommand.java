package io.sqsmega.cli;

import io.sqsmega.json.MegaJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code load QUEUE < file.jsonl}: sends the lines {@code dump} wrote, bodies and attributes as
 * they were; on a FIFO queue in the file's order, with their group ids.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Sends the JSON lines 'dump' wrote (standard input) to a queue: bodies and attributes as dumped,",
            "in order, ten to a request. On a FIFO queue each keeps its group id, and its deduplication id",
            "(or, without one, its dumped message id). Prints the new message ids."})
final class LoadCommand extends AwsCommand {

    private final InputStream in;

    @Parameters(paramLabel = "QUEUE", description = "The queue's name or URL.")
    String queueName;

    LoadCommand(Clients clients, InputStream in) {
        super(clients);
        this.in = in;
    }

    @Override
    int run(SqsClient sqs) throws IOException {
        QueueRef queue = QueueRef.resolve(sqs, queueName, aws);
        List<SqsMessages.Outgoing> messages = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Map<?, ?> dumped;
            try {
                dumped = MegaJson.mapper().readValue(line, Map.class);
            }
            catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new CliException("Line " + number + " is not a JSON object as dump writes it: " + ex.getOriginalMessage());
            }
            if (!(dumped.get("body") instanceof String body)) {
                throw new CliException("Line " + number + " has no \"body\" string");
            }
            String group = queue.fifo() ? stringOr(dumped.get("groupId"), "sqs-mega-load") : null;
            String dedup = queue.fifo() ? stringOr(dumped.get("deduplicationId"), stringOr(dumped.get("messageId"), null))
                    : null;
            messages.add(new SqsMessages.Outgoing(body, MessageJson.attributesFrom(dumped.get("attributes"), number), group,
                    dedup, null));
        }
        List<String> errors = new ArrayList<>();
        List<String> ids = new SqsMessages(sqs).send(queue.url(), messages, errors);
        int failed = printSent(ids, errors);
        err().println("loaded " + (ids.size() - failed) + " of " + ids.size() + " messages into " + queue.name());
        return failed == 0 ? 0 : 1;
    }

    private static String stringOr(Object value, String fallback) {
        return value instanceof String text && !text.isEmpty() ? text : fallback;
    }
}
