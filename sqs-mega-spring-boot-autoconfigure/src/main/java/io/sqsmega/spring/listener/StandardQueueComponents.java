package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spring Cloud AWS's parts for a standard queue (its message source, its fan-out sink), with our
 * {@link HeartbeatSinkAdapter} around the sink and our {@link FlushingAcknowledgementProcessor}, a
 * new one (with its {@link ContainerRun}) for every start.
 */
final class StandardQueueComponents extends StandardSqsComponentFactory<Message> {

    private final Supplier<FlushingAcknowledgementProcessor> runs;

    /** @param runs makes the acknowledgement processor (and so the {@link ContainerRun}) of each start */
    StandardQueueComponents(Supplier<FlushingAcknowledgementProcessor> runs) {
        this.runs = runs;
    }

    @Override
    public MessageSink<Message> createMessageSink(SqsContainerOptions options) {
        return new HeartbeatSinkAdapter(super.createMessageSink(options));
    }

    @Override
    protected BatchingAcknowledgementProcessor<Message> createBatchingProcessorInstance() {
        return runs.get();
    }
}
