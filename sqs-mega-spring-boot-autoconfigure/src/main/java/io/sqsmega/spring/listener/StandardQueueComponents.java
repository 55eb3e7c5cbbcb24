package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spring Cloud AWS's parts for a standard queue (its message source, its fan-out sink), with our
 * {@link HeartbeatSinkAdapter} around the sink (and our {@link PollBatchingSinkAdapter} inside it
 * when the queue has batch listeners) and our {@link FlushingAcknowledgementProcessor}, a
 * new one (with its {@link ContainerRun}) for every start.
 */
final class StandardQueueComponents extends StandardSqsComponentFactory<Message> {

    private final Supplier<FlushingAcknowledgementProcessor> runs;
    private final PollBatches batches;

    /**
     * @param runs makes the acknowledgement processor (and so the {@link ContainerRun}) of each start
     * @param batches where each poll's messages are gathered for batch listeners, or {@code null}
     *        when the queue has none
     */
    StandardQueueComponents(Supplier<FlushingAcknowledgementProcessor> runs, PollBatches batches) {
        this.runs = runs;
        this.batches = batches;
    }

    @Override
    public MessageSink<Message> createMessageSink(SqsContainerOptions options) {
        MessageSink<Message> fanOut = super.createMessageSink(options);
        return new HeartbeatSinkAdapter(batches == null ? fanOut : new PollBatchingSinkAdapter(fanOut, batches));
    }

    @Override
    protected BatchingAcknowledgementProcessor<Message> createBatchingProcessorInstance() {
        return runs.get();
    }
}
