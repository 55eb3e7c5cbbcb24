package io.sqsmega.spring.listener;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Which {@link PollBatch} each received message belongs to, from the moment its poll is emitted
 * ({@link PollBatchingSinkAdapter}) until the dispatcher takes it. One per container that has batch
 * listeners; containers without any have none and pay nothing.
 */
final class PollBatches {

    /** By identity: the same SDK message object travels from the sink to the listener. */
    private final Map<Message, PollBatch.Member> members = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * Makes one batch of a poll's messages.
     *
     * @param messages the messages of the poll, in the order received
     */
    void open(Collection<Message> messages) {
        PollBatch poll = new PollBatch(messages.size());
        int index = 0;
        for (Message message : messages) {
            members.put(message, poll.member(index++));
        }
    }

    /**
     * @param message a message the dispatcher is about to handle
     * @return its membership of its poll's batch, or of a batch of its own when its poll was never
     *         opened
     */
    PollBatch.Member take(Message message) {
        PollBatch.Member member = members.remove(message);
        return member != null ? member : new PollBatch(1).member(0);
    }

    /**
     * Lets the rest of a poll go on without a message the dispatcher never took (it never ran).
     *
     * @param message a message of an opened poll
     */
    void abandon(Message message) {
        PollBatch.Member member = members.remove(message);
        if (member != null) {
            member.leave();
        }
    }
}
