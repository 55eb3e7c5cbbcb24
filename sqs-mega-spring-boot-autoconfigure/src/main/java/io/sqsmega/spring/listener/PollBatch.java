package io.sqsmega.spring.listener;

import io.sqsmega.codec.Payload;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.spring.MegaMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages of one poll, gathered for the batch listeners of their queue. Spring Cloud AWS hands
 * each message of a poll to the dispatcher on a thread of its own; each {@link Member} joins the
 * batch of every batch listener it matched and then leaves (or only leaves: invalid, unmatched,
 * released). The member that leaves last calls each batch listener once, on its own thread, with
 * its messages in the order they were received, and completes each message's answer, which the
 * message then folds with its other listeners' answers and settles on its own, as any message.
 *
 * <p>Nothing waits on a thread: a message waiting for its batch holds its back-pressure permit
 * and is kept invisible by the heartbeat, and the maximum processing time bounds the wait.
 */
final class PollBatch {

    private static final Logger LOG = LoggerFactory.getLogger(PollBatch.class);

    private final AtomicInteger present;
    /** Guarded by itself. */
    private final List<Element> elements = new ArrayList<>();

    /** @param size how many messages the poll delivered */
    PollBatch(int size) {
        this.present = new AtomicInteger(size);
    }

    /**
     * @param index the message's place in the poll
     * @return the message's membership of this poll
     */
    Member member(int index) {
        return new Member(index);
    }

    /** One message of the poll, as seen by the dispatcher. */
    final class Member {

        private final int index;
        private final AtomicBoolean left = new AtomicBoolean();

        private Member(int index) {
            this.index = index;
        }

        /**
         * Adds the message to a batch listener's batch.
         *
         * @param listener a batch listener the message matched
         * @param message the message
         * @param payload its payload
         * @param raw the SQS message
         * @return that listener's answer for this message, once the batch was handled (at once when the
         *         message does not bind to the listener's elements)
         */
        CompletableFuture<ListenerMethod.Invocation> join(ListenerMethod listener, MegaMessage message, Payload payload,
                Message raw) {
            Object element;
            try {
                element = listener.bindElement(message, payload, raw);
            }
            catch (RuntimeException ex) {
                // Out of the batch: its binding failure is this message's answer, the others' batch goes on.
                return CompletableFuture.completedFuture(listener.bindingFailed(ex));
            }
            CompletableFuture<ListenerMethod.Invocation> answer = new CompletableFuture<>();
            synchronized (elements) {
                elements.add(new Element(listener, index, element, answer));
            }
            return answer;
        }

        /** Says the message joined every batch it will; the last to leave handles the batches. Idempotent. */
        void leave() {
            if (left.compareAndSet(false, true) && present.decrementAndGet() == 0) {
                handleBatches();
            }
        }
    }

    private void handleBatches() {
        Map<ListenerMethod, List<Element>> byListener = new LinkedHashMap<>();
        synchronized (elements) {
            elements.sort(Comparator.comparingInt(Element::index));
            elements.forEach(element -> byListener.computeIfAbsent(element.listener(), l -> new ArrayList<>()).add(element));
        }
        byListener.forEach((listener, batch) -> {
            List<Object> values = new ArrayList<>(batch.size());
            batch.forEach(element -> values.add(element.value()));
            CompletableFuture<List<ListenerMethod.Invocation>> answers;
            try {
                answers = listener.invokeBatch(values);
            }
            catch (RuntimeException ex) {
                // invokeBatch never throws; should it, the messages are retried rather than left waiting.
                LOG.error("Calling batch listener {} failed", listener.id(), ex);
                answers = CompletableFuture.completedFuture(Collections.nCopies(batch.size(),
                        new ListenerMethod.Invocation(ProcessStatus.RETRIABLE_ERROR, ex)));
            }
            answers.whenComplete((invocations, failure) -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer().complete(failure == null ? invocations.get(i)
                            : new ListenerMethod.Invocation(ProcessStatus.RETRIABLE_ERROR, failure));
                }
            });
        });
    }

    /** A message bound for one batch listener, and where its answer goes. */
    private record Element(ListenerMethod listener, int index, Object value,
            CompletableFuture<ListenerMethod.Invocation> answer) {
    }
}
