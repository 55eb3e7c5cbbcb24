package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import io.awspring.cloud.sqs.listener.sink.adapter.MessageGroupingSinkAdapter;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spring Cloud AWS's parts for a FIFO queue (its message source with a fresh receive attempt id
 * per poll, its grouping of each receive by {@code MessageGroupId}, its acknowledgements ordered
 * per group), with our {@link GroupOrderedMessageSink} in place of its ordered sink, our
 * {@link HeartbeatSinkAdapter} around them and our {@link FlushingAcknowledgementProcessor}.
 */
final class FifoQueueComponents extends FifoSqsComponentFactory<Message> {

    private final Supplier<FlushingAcknowledgementProcessor> runs;
    private final MessageSettler settler;
    private volatile GroupOrderedMessageSink sink;

    /**
     * @param runs makes the acknowledgement processor (and so the {@link ContainerRun}) of each start
     * @param settler releases the messages of a group that must wait
     */
    FifoQueueComponents(Supplier<FlushingAcknowledgementProcessor> runs, MessageSettler settler) {
        this.runs = runs;
        this.settler = settler;
    }

    @Override
    public MessageSink<Message> createMessageSink(SqsContainerOptions options) {
        sink = new GroupOrderedMessageSink(settler);
        return new HeartbeatSinkAdapter(new MessageGroupingSinkAdapter<>(sink,
                message -> MessageHeaderUtils.getHeaderAsString(message,
                        SqsHeaders.MessageSystemAttributes.SQS_MESSAGE_GROUP_ID_HEADER)));
    }

    /** Releases every message waiting behind another of its group: the container is stopping. */
    void releaseWaiting() {
        GroupOrderedMessageSink current = sink;
        if (current != null) {
            current.releaseWaiting();
        }
    }

    @Override
    protected BatchingAcknowledgementProcessor<Message> createBatchingProcessorInstance() {
        return runs.get();
    }
}
