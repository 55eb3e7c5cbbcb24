package io.sqsmega.cli;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.sqsmega.dispatch.DeadLetterAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * {@code redrive DLQ [--to QUEUE] [--match EXPR] [--reason REGEX] [--failure F] [--limit N] [--dry-run]}:
 * moves the selected dead letters back, as they were first sent.
 *
 * <p>A message leaves the DLQ only after the queue it goes to has it: the send, then the delete.
 * A process killed between the two leaves the message in both (it comes back on the DLQ after
 * {@code --hold}), so a crash may duplicate a message but never loses one. On a FIFO queue the
 * deduplication id is the DLQ message's id, so a redrive run again within SQS's five-minute
 * deduplication window does not even duplicate it.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Moves dead letters back: to --to, or to the queue each names in mega-source-queue.",
            "Body and attributes go as first sent (the mega-failure* attributes and mega-original-message-id",
            "are dropped; a FIFO message keeps its group). A message is deleted from the DLQ only after its",
            "send succeeded. Selection: --failure, --reason (a regular expression found in mega-failure-reason)",
            "and --match (a match expression on the decoded body), all that are given.",
            "Prints each message moved or skipped, and why."})
final class RedriveCommand extends AwsCommand {

    @Parameters(paramLabel = "DLQ", description = "The dead-letter queue's name or URL.")
    String deadLetterQueue;

    @Option(names = "--to", paramLabel = "QUEUE", description = "Move to this queue (default: each message's mega-source-queue).")
    String to;

    @Option(names = "--match", paramLabel = "EXPR", description = "Only messages this match expression is true for.")
    String match;

    @Option(names = "--reason", paramLabel = "REGEX", description = "Only messages whose mega-failure-reason contains a match.")
    String reason;

    @Option(names = "--failure", paramLabel = "fatal|invalid|unrecognised", description = "Only messages that failed so.")
    String failure;

    @Option(names = "--limit", paramLabel = "N", description = "Move at most N messages (default: all selected).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--dry-run", description = "Print what would move; move nothing.")
    boolean dryRun;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long a message read from the DLQ stays hidden while redrive works on it (default 120);"
                    + " should redrive be killed, the messages it had not moved come back after this.")
    int hold;

    RedriveCommand(Clients clients) {
        super(clients);
    }

    /** What happened to one message. */
    private record Outcome(String messageId, String action, String to, String why) {
    }

    @Override
    int run(SqsClient sqs) {
        Selection selection = Selection.of(match);
        Pattern reasonPattern = reasonPattern();
        if (failure != null && !List.of("fatal", "invalid", "unrecognised").contains(failure)) {
            throw new CliException("--failure " + failure + ": use fatal, invalid or unrecognised", 2);
        }
        QueueRef dlq = QueueRef.resolve(sqs, deadLetterQueue, aws);
        QueueRef target = to == null ? null : QueueRef.resolve(sqs, to, aws);
        Map<String, QueueRef> sources = new HashMap<>();
        SqsMessages messages = new SqsMessages(sqs);
        List<Message> skipped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int moved = 0;
        int passed = 0;
        int failed = 0;
        try {
            while (moved < limit) {
                List<Message> batch = messages.receive(dlq.url(), 10, Duration.ofSeconds(hold), Duration.ofSeconds(1));
                boolean anyNew = false;
                // The messages to move, by queue, in the order received (a FIFO group's order).
                Map<QueueRef, List<Message>> moving = new LinkedHashMap<>();
                List<Message> release = new ArrayList<>();
                // Printed at the end of the batch, in the order received, whatever was decided first.
                Map<String, Outcome> outcomes = new HashMap<>();
                for (Message message : batch) {
                    if (!seen.add(message.messageId())) {
                        release.add(message);
                        continue;
                    }
                    anyNew = true;
                    String why = whyNot(message, selection, reasonPattern);
                    QueueRef destination = null;
                    try {
                        destination = why != null ? null : target != null ? target : source(sqs, message, sources);
                    }
                    catch (CliException ex) {
                        why = ex.getMessage();
                    }
                    if (why == null && destination == null) {
                        why = "no --to and no " + DeadLetterAttributes.SOURCE_QUEUE + " attribute";
                    }
                    if (why == null && moved + countOf(moving) >= limit) {
                        why = "--limit " + limit + " reached";
                    }
                    if (why != null) {
                        outcomes.put(message.messageId(), new Outcome(message.messageId(), "skipped", null, why));
                        passed++;
                        release.add(message);
                    }
                    else if (dryRun) {
                        outcomes.put(message.messageId(), new Outcome(message.messageId(), "would move", destination.name(),
                                failureOf(message)));
                        moved++;
                        release.add(message);
                    }
                    else {
                        moving.computeIfAbsent(destination, queue -> new ArrayList<>()).add(message);
                    }
                }
                for (Map.Entry<QueueRef, List<Message>> entry : moving.entrySet()) {
                    int[] counts = move(messages, dlq, entry.getKey(), entry.getValue(), release, outcomes);
                    moved += counts[0];
                    failed += counts[1];
                }
                batch.stream().map(message -> outcomes.remove(message.messageId())).filter(java.util.Objects::nonNull)
                        .forEach(this::print);
                if (dlq.fifo()) {
                    // A hidden message holds back the rest of its FIFO group: let the group go on now.
                    messages.release(dlq.url(), release);
                }
                else {
                    skipped.addAll(release);
                }
                if (!anyNew) {
                    break;
                }
            }
        }
        finally {
            messages.release(dlq.url(), skipped);
        }
        String summary = (dryRun ? "would move " : "moved ") + moved + ", skipped " + passed
                + (failed > 0 ? ", failed " + failed : "") + " (" + dlq.name() + ")";
        if (output.json()) {
            err().println(summary);
        }
        else {
            out().println(summary);
        }
        return failed == 0 ? 0 : 1;
    }

    /** Sends, then deletes what was sent; what failed to send stays on the DLQ. @return {moved, failed} */
    private int[] move(SqsMessages messages, QueueRef dlq, QueueRef destination, List<Message> batch, List<Message> release,
            Map<String, Outcome> outcomes) {
        List<SqsMessages.Outgoing> outgoing = new ArrayList<>();
        for (Message message : batch) {
            Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>(message.messageAttributes());
            DeadLetterAttributes.ALL.forEach(attributes::remove);
            String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            outgoing.add(new SqsMessages.Outgoing(message.body(), attributes,
                    destination.fifo() ? (group != null ? group : "sqs-mega-redrive") : null,
                    destination.fifo() ? message.messageId() : null, null));
        }
        List<String> errors = new ArrayList<>();
        List<String> ids = messages.send(destination.url(), outgoing, errors);
        List<Message> sent = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (ids.get(i) != null) {
                sent.add(batch.get(i));
            }
            else {
                failed++;
                release.add(batch.get(i));
                outcomes.put(batch.get(i).messageId(), new Outcome(batch.get(i).messageId(), "failed", destination.name(),
                        "not sent, left on the DLQ: " + errors.get(i)));
            }
        }
        // Only now, with the destination holding them, do they leave the DLQ.
        Map<String, String> notDeleted = messages.delete(dlq.url(), sent);
        for (Message message : sent) {
            String problem = notDeleted.get(message.messageId());
            outcomes.put(message.messageId(), new Outcome(message.messageId(), "moved", destination.name(), problem == null
                    ? failureOf(message) : failureOf(message) + "; but not deleted from the DLQ (" + problem
                    + "): it will be there again"));
        }
        return new int[] {sent.size(), failed};
    }

    private Pattern reasonPattern() {
        if (reason == null) {
            return null;
        }
        try {
            return Pattern.compile(reason);
        }
        catch (PatternSyntaxException ex) {
            throw new CliException("--reason: " + ex.getMessage(), 2);
        }
    }

    private String whyNot(Message message, Selection selection, Pattern reasonPattern) {
        Map<String, String> attributes = MessageJson.text(message.messageAttributes());
        String failed = attributes.get(DeadLetterAttributes.FAILURE);
        if (failure != null && !failure.equals(failed)) {
            return "failure is " + (failed == null ? "not recorded" : failed) + ", not " + failure;
        }
        if (reasonPattern != null) {
            String why = attributes.get(DeadLetterAttributes.REASON);
            if (why == null || !reasonPattern.matcher(why).find()) {
                return why == null ? "no " + DeadLetterAttributes.REASON : "reason does not match --reason";
            }
        }
        return selection.whyNot(message);
    }

    private QueueRef source(SqsClient sqs, Message message, Map<String, QueueRef> sources) {
        MessageAttributeValue source = message.messageAttributes().get(DeadLetterAttributes.SOURCE_QUEUE);
        if (source == null || source.stringValue() == null) {
            return null;
        }
        return sources.computeIfAbsent(source.stringValue(), name -> QueueRef.resolve(sqs, name, aws));
    }

    private static String failureOf(Message message) {
        Map<String, String> attributes = MessageJson.text(message.messageAttributes());
        String failed = attributes.get(DeadLetterAttributes.FAILURE);
        return failed == null ? null : failed + ": " + attributes.getOrDefault(DeadLetterAttributes.REASON, "");
    }

    private static int countOf(Map<QueueRef, List<Message>> moving) {
        return moving.values().stream().mapToInt(List::size).sum();
    }

    private void print(Outcome outcome) {
        if (output.json()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("messageId", outcome.messageId());
            line.put("action", outcome.action());
            line.put("to", outcome.to());
            line.put("why", outcome.why());
            printJson(line);
        }
        else {
            out().println(String.format("%-10s %s%s%s", outcome.action(), outcome.messageId(),
                    outcome.to() == null ? "" : " -> " + outcome.to(), outcome.why() == null ? "" : "  (" + outcome.why() + ")"));
        }
    }
}
