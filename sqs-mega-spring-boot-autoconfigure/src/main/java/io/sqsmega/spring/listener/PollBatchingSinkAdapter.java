package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.MessageProcessingContext;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import io.awspring.cloud.sqs.listener.sink.adapter.AbstractDelegatingMessageListeningSinkAdapter;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;

/**
 * Opens a {@link PollBatch} for every poll's messages before Spring Cloud AWS's fan-out sink hands
 * them to the dispatcher one by one, so that batch listeners get a poll's matching messages
 * together; once the sink is done, a message the dispatcher never took (it never ran) stops being
 * waited for. Only in containers with batch listeners, on standard queues.
 */
final class PollBatchingSinkAdapter
        extends AbstractDelegatingMessageListeningSinkAdapter<software.amazon.awssdk.services.sqs.model.Message> {

    private final PollBatches batches;

    PollBatchingSinkAdapter(MessageSink<software.amazon.awssdk.services.sqs.model.Message> delegate,
            PollBatches batches) {
        super(delegate);
        this.batches = batches;
    }

    @Override
    public CompletableFuture<Void> emit(Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> messages,
            MessageProcessingContext<software.amazon.awssdk.services.sqs.model.Message> context) {
        batches.open(messages.stream().map(Message::getPayload).toList());
        return getDelegate().emit(messages, context)
                .whenComplete((done, failure) -> messages.forEach(message -> batches.abandon(message.getPayload())));
    }
}
