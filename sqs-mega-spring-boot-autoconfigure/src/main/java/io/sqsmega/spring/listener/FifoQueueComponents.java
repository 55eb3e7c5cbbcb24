package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.MessageHeaderUtils;
import io.awspring.cloud.sqs.listener.FifoSqsComponentFactory;
import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import io.awspring.cloud.sqs.listener.sink.adapter.MessageGroupingSinkAdapter;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spring Cloud AWS's parts for a FIFO queue (its message source with a fresh receive attempt id
 * per poll, its grouping of each receive by {@code MessageGroupId}, its acknowledgements ordered
 * per group), with our {@link GroupOrderedMessageSink} in place of its ordered sink, our
 * {@link HeartbeatSinkAdapter} around them and our {@link FlushingAcknowledgementProcessor}.
 */
final class FifoQueueComponents extends FifoSqsComponentFactory<Message> {

    private final VisibilityHeartbeat heartbeat;
    private final SettlementGate gate;
    private final MessageSettler settler;
    private volatile GroupOrderedMessageSink sink;

    FifoQueueComponents(VisibilityHeartbeat heartbeat, SettlementGate gate, MessageSettler settler) {
        this.heartbeat = heartbeat;
        this.gate = gate;
        this.settler = settler;
    }

    @Override
    public MessageSink<Message> createMessageSink(SqsContainerOptions options) {
        sink = new GroupOrderedMessageSink(settler);
        return new HeartbeatSinkAdapter(heartbeat, new MessageGroupingSinkAdapter<>(sink,
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
        return new FlushingAcknowledgementProcessor(gate);
    }
}
