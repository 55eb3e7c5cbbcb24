package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.MessageProcessingContext;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import io.awspring.cloud.sqs.listener.sink.adapter.AbstractDelegatingMessageListeningSinkAdapter;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.springframework.messaging.Message;

/**
 * Stands where Spring Cloud AWS's {@code MessageVisibilityExtendingSinkAdapter} would: hands every
 * received message to the {@link VisibilityHeartbeat} of the {@link ContainerRun} that received it
 * (found through the receive's acknowledgement callback) before the delivery sink sees it, so
 * messages that wait (the later ones of a FIFO group) are kept invisible as well as those being
 * handled. Settling a message stops its heartbeat (a delete, once SQS confirmed it); this adapter
 * also stops it for any message of the receive still tracked, and not being deleted, once the
 * delivery sink is done with them all.
 */
final class HeartbeatSinkAdapter
        extends AbstractDelegatingMessageListeningSinkAdapter<software.amazon.awssdk.services.sqs.model.Message> {

    HeartbeatSinkAdapter(MessageSink<software.amazon.awssdk.services.sqs.model.Message> delegate) {
        super(delegate);
    }

    @Override
    public CompletableFuture<Void> emit(Collection<Message<software.amazon.awssdk.services.sqs.model.Message>> messages,
            MessageProcessingContext<software.amazon.awssdk.services.sqs.model.Message> context) {
        ContainerRun run = ContainerRun.of(context.getAcknowledgmentCallback());
        if (run == null) {
            return getDelegate().emit(messages, context);
        }
        VisibilityHeartbeat heartbeat = run.heartbeat();
        heartbeat.track(messages.stream().map(Message::getPayload).toList());
        return getDelegate().emit(messages, context)
                .whenComplete((done, failure) -> messages.forEach(message -> heartbeat.receiveDone(message.getPayload())));
    }
}
