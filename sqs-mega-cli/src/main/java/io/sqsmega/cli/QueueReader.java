package io.sqsmega.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Reads a queue without consuming it, for {@code peek} and {@code dump}: receives batches and keeps
 * every message it saw hidden until it is done, so that each is seen once, then makes them all
 * visible again (visibility 0). Should the process die first, they come back after {@code hold}.
 * On a FIFO queue a hidden message holds back the rest of its group, so a read sees the messages
 * that are first in line in each group.
 */
final class QueueReader {

    /** What to do with each selected message. */
    interface Visitor {
        /** @return {@code false} to stop reading */
        boolean visit(Message message);
    }

    private final SqsMessages sqs;
    private final Duration hold;

    QueueReader(SqsMessages sqs, Duration hold) {
        this.sqs = sqs;
        this.hold = hold;
    }

    /**
     * Reads until {@code limit} messages were selected, the queue has no message left to show, or
     * the visitor stops it.
     *
     * @return how many messages were selected
     */
    int read(QueueRef queue, Selection selection, int limit, Visitor visitor) {
        List<Message> held = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int selected = 0;
        try {
            while (selected < limit) {
                // A one-second long poll: an empty answer means nothing is visible, not an unlucky sample.
                List<Message> batch = sqs.receive(queue.url(), 10, hold, Duration.ofSeconds(1));
                held.addAll(batch);
                boolean anyNew = false;
                for (Message message : batch) {
                    if (!seen.add(message.messageId())) {
                        continue;
                    }
                    anyNew = true;
                    if (selected < limit && selection.whyNot(message) == null) {
                        selected++;
                        if (!visitor.visit(message)) {
                            return selected;
                        }
                    }
                }
                if (!anyNew) {
                    return selected;
                }
            }
            return selected;
        }
        finally {
            sqs.release(queue.url(), held);
        }
    }

    /**
     * Reads on and on ({@code --follow}): long polls of 20 s, each message released as soon as it
     * was shown, each shown once, until {@code limit} or the process is stopped.
     */
    void follow(QueueRef queue, Selection selection, int limit, Visitor visitor) {
        Set<String> seen = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                return size() > 100_000;
            }
        });
        int selected = 0;
        while (selected < limit) {
            List<Message> batch = sqs.receive(queue.url(), 10, hold, Duration.ofSeconds(20));
            try {
                for (Message message : batch) {
                    if (seen.add(message.messageId()) && selected < limit && selection.whyNot(message) == null) {
                        selected++;
                        if (!visitor.visit(message)) {
                            return;
                        }
                    }
                }
            }
            finally {
                sqs.release(queue.url(), batch);
            }
        }
    }
}
