package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.SqsContainerOptions;
import io.awspring.cloud.sqs.listener.StandardSqsComponentFactory;
import io.awspring.cloud.sqs.listener.acknowledgement.BatchingAcknowledgementProcessor;
import io.awspring.cloud.sqs.listener.sink.MessageSink;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Spring Cloud AWS's parts for a standard queue (its message source, its fan-out sink), with our
 * {@link HeartbeatSinkAdapter} around the sink and our {@link FlushingAcknowledgementProcessor}.
 */
final class StandardQueueComponents extends StandardSqsComponentFactory<Message> {

    private final VisibilityHeartbeat heartbeat;
    private final SettlementGate gate;

    StandardQueueComponents(VisibilityHeartbeat heartbeat, SettlementGate gate) {
        this.heartbeat = heartbeat;
        this.gate = gate;
    }

    @Override
    public MessageSink<Message> createMessageSink(SqsContainerOptions options) {
        return new HeartbeatSinkAdapter(heartbeat, super.createMessageSink(options));
    }

    @Override
    protected BatchingAcknowledgementProcessor<Message> createBatchingProcessorInstance() {
        return new FlushingAcknowledgementProcessor(gate);
    }
}
