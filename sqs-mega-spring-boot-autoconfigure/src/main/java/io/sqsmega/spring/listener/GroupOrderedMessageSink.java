package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.MessageProcessingContext;
import io.awspring.cloud.sqs.listener.sink.AbstractMessageProcessingPipelineSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Replaces Spring Cloud AWS's {@code OrderedMessageSink} on FIFO queues: runs the messages of one
 * group (as {@code MessageGroupingSinkAdapter} split them from a receive) one after another, in
 * order. Where that sink leaves the rest of a group invisible after a failure, so the group stalls
 * until their visibility timeout (Spring Cloud AWS #1415), this one:
 * <ul>
 * <li>goes on at once after a message that was settled for good (done, dead-lettered, deleted);</li>
 * <li>after a message that stays on the queue (retry, retain), releases the rest of the group
 * (visibility 0): SQS hands out no message of the group while that one is in flight, then
 * delivers it first, so nothing overtakes it and nothing waits longer than its backoff;</li>
 * <li>when the container stops, releases at once every message that has not started.</li>
 * </ul>
 */
final class GroupOrderedMessageSink
        extends AbstractMessageProcessingPipelineSink<software.amazon.awssdk.services.sqs.model.Message> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupOrderedMessageSink.class);

    private final MessageSettler settler;
    private final Set<GroupRun> runs = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    GroupOrderedMessageSink(MessageSettler settler) {
        this.settler = settler;
    }

    /** The messages of one group from one receive, and how far they got. */
    private final class GroupRun {
        final List<Message<software.amazon.awssdk.services.sqs.model.Message>> group;
        final MessageProcessingContext<software.amazon.awssdk.services.sqs.model.Message> context;
        /** The first message not started; every later one is still waiting. Guarded by this. */
        int next;
        /** Set when the rest was released: nothing more starts. Guarded by this. */
        boolean ended;

        GroupRun(Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> group,
                MessageProcessingContext<software.amazon.awssdk.services.sqs.model.Message> context) {
            this.group = new ArrayList<>(group);
            this.context = context;
        }

        /** @return the next message to run, or {@code null} when there is none or the run ended */
        synchronized Message<software.amazon.awssdk.services.sqs.model.Message> start() {
            if (ended || next == group.size()) {
                ended = true;
                return null;
            }
            return group.get(next++);
        }

        /** Ends the run and releases the messages that have not started. */
        CompletableFuture<Void> releaseRest() {
            List<Message<software.amazon.awssdk.services.sqs.model.Message>> rest;
            synchronized (this) {
                if (ended) {
                    return CompletableFuture.completedFuture(null);
                }
                ended = true;
                rest = List.copyOf(group.subList(next, group.size()));
            }
            // Never executed, so the pipeline will not give their back-pressure permits back: we must.
            rest.forEach(message -> context.runBackPressureReleaseCallback());
            return settler.release(rest);
        }
    }

    /** Releases, at once, every waiting message of every group: the container is stopping. */
    void releaseWaiting() {
        stopping = true;
        runs.forEach(GroupRun::releaseRest);
    }

    @Override
    public void start() {
        stopping = false;
        super.start();
    }

    @Override
    protected CompletableFuture<Void> doEmit(
            Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> messages,
            MessageProcessingContext<software.amazon.awssdk.services.sqs.model.Message> context) {
        GroupRun run = new GroupRun(messages, context);
        runs.add(run);
        if (stopping) {
            run.releaseRest();
        }
        return runNext(run).whenComplete((done, failure) -> runs.remove(run));
    }

    private CompletableFuture<Void> runNext(GroupRun run) {
        Message<software.amazon.awssdk.services.sqs.model.Message> message = run.start();
        if (message == null) {
            return CompletableFuture.completedFuture(null);
        }
        return execute(message, run.context).handle((done, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                return runNext(run);
            }
            MessageKeptException kept = MessageKeptException.in(failure);
            if (kept == null) {
                LOG.error("Message {} could not be handled: it stays on the queue until its visibility timeout, and the "
                        + "later messages of its group are released to follow it", message.getPayload().messageId(), failure);
            }
            else {
                LOG.debug("{}; releasing the later messages of its group", kept.getMessage());
            }
            return run.releaseRest();
        });
    }
}
