package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.AsyncMessageListener;
import io.awspring.cloud.sqs.listener.MessageListener;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.acknowledgement.AcknowledgementOrdering;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.spring.metrics.MegaMetrics;
import io.sqsmega.spring.offload.LargePayloads;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.retry.backoff.BackOffPolicyBuilder;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The listener container of one queue: Spring Cloud AWS's {@link SqsMessageListenerContainer}
 * (parallel long polls with back-pressure, FIFO grouping, batched and group-ordered
 * acknowledgements, observation) assembled with our parts: the {@link DispatchingMessageListener}
 * that decodes once and dispatches to every match, the {@link MessageSettler}, the
 * {@link GroupOrderedMessageSink} on FIFO queues, the {@link FlushingAcknowledgementProcessor} (one
 * per start, with the start's {@link ContainerRun}: its gate and batched {@link VisibilityHeartbeat})
 * and the {@link ReceiveTracker}. Besides assembling them, it only keeps what spans runs: whether it
 * is stopping (so messages received meanwhile are released), the virtual-thread executor it made,
 * and the receive tracker's counts for health.
 *
 * <p>Stopping stops polling (ending long polls in flight), releases messages received but not
 * started, waits up to the shutdown timeout for messages in flight and settles them, flushes every
 * acknowledgement, and then settles nothing more.
 *
 * <p>It is a Spring Cloud AWS {@link MessageListenerContainer} of its own, with the id
 * {@code mega-<queue>} ({@link #ID_PREFIX} and the queue as the listeners name it), registered in the
 * application's {@code MessageListenerContainerRegistry}, so that tools built on that registry find,
 * start and stop it as they do {@code @SqsListener} containers. Its listener is its dispatcher: it takes
 * no other.
 */
public final class MegaListenerContainer implements MessageListenerContainer<Message> {

    /** The prefix of every container's id: {@code mega-orders} for the queue {@code orders}. */
    public static final String ID_PREFIX = "mega-";

    private static final Logger LOG = LoggerFactory.getLogger(MegaListenerContainer.class);

    /** How long a poll waits for room for a full batch before it takes what room there is. */
    static final Duration PARTIAL_POLL_WAIT = Duration.ofSeconds(1);

    private final String queue;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final boolean fifo;
    private final ContainerOptions options;
    private final ListenerExecution execution;
    private final ReceiveTracker receives;
    private final DispatchingMessageListener listener;
    private final FifoQueueComponents fifoComponents;
    private final SqsMessageListenerContainer<Message> container;
    private volatile boolean stopping;
    private volatile boolean running;
    private boolean started;
    private SimpleAsyncTaskExecutor virtualThreads;

    /**
     * @param queue the queue as the listeners named it
     * @param queueUrl its URL
     * @param deadLetterQueueUrl its dead-letter queue's URL, or {@code null} when it has none
     * @param visibilityTimeout the queue's visibility timeout (the heartbeat renews it)
     * @param listeners the listeners of the queue, in registration order
     * @param sqs the client
     * @param decoder the body decoder
     * @param options polling and policies, all three policies set
     * @param metrics what to count
     * @param execution where listener methods run and where observations go
     */
    public MegaListenerContainer(String queue, String queueUrl, String deadLetterQueueUrl, Duration visibilityTimeout,
            List<ListenerMethod> listeners, SqsAsyncClient sqs, BodyDecoder decoder, ContainerOptions options,
            MegaMetrics metrics, ListenerExecution execution) {
        this(queue, queueUrl, deadLetterQueueUrl, visibilityTimeout, listeners, sqs, decoder, options, metrics, execution,
                LargePayloads.unavailable(LargePayloads.NOT_CONFIGURED));
    }

    /**
     * @param queue the queue as the listeners named it
     * @param queueUrl its URL
     * @param deadLetterQueueUrl its dead-letter queue's URL, or {@code null} when it has none
     * @param visibilityTimeout the queue's visibility timeout (the heartbeat renews it)
     * @param listeners the listeners of the queue, in registration order
     * @param sqs the client (not AWS's extended client: offloaded bodies are read here)
     * @param decoder the body decoder
     * @param options polling and policies, all three policies set
     * @param metrics what to count
     * @param execution where listener methods run and where observations go
     * @param largePayloads reads bodies offloaded to S3
     */
    public MegaListenerContainer(String queue, String queueUrl, String deadLetterQueueUrl, Duration visibilityTimeout,
            List<ListenerMethod> listeners, SqsAsyncClient sqs, BodyDecoder decoder, ContainerOptions options,
            MegaMetrics metrics, ListenerExecution execution, LargePayloads largePayloads) {
        if (options.fatalPolicy() == null || options.invalidPolicy() == null || options.unrecognisedPolicy() == null) {
            throw new IllegalArgumentException("resolve the default policies first: ContainerOptions.withDefaultPolicies");
        }
        this.queue = queue;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        this.fifo = queueUrl.endsWith(".fifo");
        this.options = options;
        this.execution = execution;
        VisibilityChanges changes = new VisibilityChanges(sqs, queue, queueUrl);
        this.receives = new ReceiveTracker(sqs, queue, changes);
        MessageSettler settler = new MessageSettler(queue, deadLetterQueueUrl, sqs, changes, metrics);
        List<String> batchListeners = listeners.stream().filter(ListenerMethod::isBatch).map(ListenerMethod::id).toList();
        if (fifo && !batchListeners.isEmpty()) {
            throw new MegaListenerException("@MegaListener " + batchListeners + " on FIFO queue '" + queue + "' "
                    + "is a batch listener, which a FIFO queue cannot feed: a message group's messages are handled one "
                    + "after another, each only once the one before it is settled, so a poll's messages never reach a "
                    + "listener together. Take one message per call on this queue (no List parameter, batch = false)",
                    null);
        }
        PollBatches batches = batchListeners.isEmpty() ? null : new PollBatches();
        this.listener = new DispatchingMessageListener(queue, fifo, listeners, decoder, options, settler, metrics,
                this::isStopping, execution, batches, largePayloads);
        String id = containerId(queueUrl);
        // Every start of Spring Cloud AWS's container builds new parts; each new acknowledgement processor begins a
        // run with a heartbeat of its own, so nothing of one run outlives its stop.
        Supplier<FlushingAcknowledgementProcessor> runs = () -> new FlushingAcknowledgementProcessor(queue, id,
                new VisibilityHeartbeat(queue, changes, visibilityTimeout, options.maxProcessingTime(), metrics), metrics);
        this.fifoComponents = fifo ? new FifoQueueComponents(runs, settler) : null;
        this.container = SqsMessageListenerContainer.<Message>builder()
                .id(id)
                .sqsAsyncClient(receives.client())
                .queueNames(queueUrl)
                .asyncMessageListener(listener)
                .componentFactories(List.of(fifo ? fifoComponents : new StandardQueueComponents(runs, batches)))
                .build();
    }

    private static String containerId(String queueUrl) {
        return "mega-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }

    /** Starts polling. */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        stopping = false;
        receives.resume();
        container.configure(this::configure);
        container.start();
        running = true;
        LOG.info("Listening to {} ({}) with {} listener(s){}", queue, queueUrl, listener.listeners().size(),
                fifo ? ", in order per message group" : "");
    }

    private void configure(io.awspring.cloud.sqs.listener.SqsContainerOptionsBuilder builder) {
        builder.acknowledgementMode(AcknowledgementMode.MANUAL)
                .maxConcurrentMessages(options.maxInFlight())
                // Spring Cloud AWS requires a poll to fit in the permits: with max-in-flight 3, polls ask for 3.
                .maxMessagesPerPoll(Math.min(options.messagesPerPoll(), options.maxInFlight()))
                .pollTimeout(options.pollWait())
                // How long a poll waits for room for a full batch before it asks for what there is room for. Spring
                // Cloud AWS waits 10 s: one slow message (or a FIFO group's waiting members, which hold their room)
                // then held every other message back that long. 1 s bounds that delay and costs at most one more
                // ReceiveMessage a second while the queue is full of slow work.
                .maxDelayBetweenPolls(PARTIAL_POLL_WAIT)
                .pollBackOffPolicy(BackOffPolicyBuilder.newBuilder().delay(1_000).multiplier(2).maxDelay(30_000).build())
                .listenerShutdownTimeout(options.shutdownTimeout())
                .acknowledgementShutdownTimeout(options.shutdownTimeout())
                .acknowledgementInterval(options.acknowledgementIntervalFor(fifo))
                .acknowledgementThreshold(options.acknowledgementThreshold())
                .acknowledgementOrdering(fifo ? AcknowledgementOrdering.ORDERED_BY_GROUP : AcknowledgementOrdering.PARALLEL)
                .messageAttributeNames(List.of("All"))
                .messageSystemAttributeNames(List.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID,
                        MessageSystemAttributeName.SENT_TIMESTAMP))
                .queueNotFoundStrategy(QueueNotFoundStrategy.FAIL)
                .messageConverter(new RawMessageConverter(queue))
                .observationRegistry(execution.observationRegistry());
        if (execution.taskExecutor() != null) {
            builder.componentsTaskExecutor(execution.taskExecutor());
        }
        else if (execution.virtualThreads()) {
            virtualThreads = new SimpleAsyncTaskExecutor(containerId(queueUrl) + "-");
            virtualThreads.setVirtualThreads(true);
            builder.componentsTaskExecutor(virtualThreads);
        }
    }

    /** Stops polling, lets messages in flight finish (up to the shutdown timeout) and settles them. */
    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        running = false;
        stopping = true;
        receives.endPolls();
        if (fifoComponents != null) {
            fifoComponents.releaseWaiting();
        }
        // Stops the run too: its acknowledgement processor closes the run's gate, flushes, and stops its heartbeat.
        container.stop();
        if (virtualThreads != null) {
            virtualThreads.close();
            virtualThreads = null;
        }
        if (listener.handling() > 0) {
            LOG.warn("Stopped listening to {} with {} message(s) still in a listener after {}: they are not settled "
                    + "and are delivered again after their visibility timeout", queue, listener.handling(),
                    options.shutdownTimeout());
        }
        else {
            LOG.info("Stopped listening to {}", queue);
        }
    }

    private boolean isStopping() {
        return stopping;
    }

    /** @return whether it is polling (false from the moment stopping begins) */
    @Override
    public boolean isRunning() {
        return running;
    }

    /** @return {@code mega-} and the queue as the listeners named it */
    @Override
    public String getId() {
        return ID_PREFIX + queue;
    }

    /** Refused: the id follows from the queue. */
    @Override
    public void setId(String id) {
        throw new UnsupportedOperationException("The id of a MEGA listener container is mega-<queue>: " + getId());
    }

    /** Refused: a MEGA container's listener is its dispatcher, which calls every matching {@code @MegaListener}. */
    @Override
    public void setMessageListener(MessageListener<Message> messageListener) {
        throw new UnsupportedOperationException("The listener of " + getId() + " is its dispatcher to the @MegaListener "
                + "methods of the queue; add a @MegaListener method instead");
    }

    /** Refused: a MEGA container's listener is its dispatcher, which calls every matching {@code @MegaListener}. */
    @Override
    public void setAsyncMessageListener(AsyncMessageListener<Message> asyncMessageListener) {
        throw new UnsupportedOperationException("The listener of " + getId() + " is its dispatcher to the @MegaListener "
                + "methods of the queue; add a @MegaListener method instead");
    }

    /** @return whether it starts with the application ({@code mega.queues.<name>.auto-startup}) */
    @Override
    public boolean isAutoStartup() {
        return options.autoStartup();
    }

    /** @return the queue as the listeners named it */
    public String queue() {
        return queue;
    }

    /** @return whether the queue is a FIFO queue (handled in order per message group) */
    public boolean isFifo() {
        return fifo;
    }

    /** @return messages being handled right now */
    public int inFlight() {
        return listener.handling();
    }

    /** @return receive calls that failed in a row (0 after a successful one) */
    public int consecutivePollFailures() {
        return receives.consecutiveFailures();
    }

    /** @return why the last receive call failed, or {@code null} when the last one succeeded */
    public String lastPollFailure() {
        return receives.lastFailure();
    }

    /** @return the queue URL */
    public String queueUrl() {
        return queueUrl;
    }

    /** @return the dead-letter queue's URL (from the RedrivePolicy), or {@code null} when it has none */
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /** @return the options in force for this queue (overrides and default policies applied) */
    public ContainerOptions options() {
        return options;
    }

    /** @return the listeners of this queue, in registration (and invocation) order */
    public List<ListenerMethod> listeners() {
        return listener.listeners();
    }

    /**
     * @param method one of {@link #listeners()}
     * @return how often it was invoked, by outcome
     */
    public ListenerCounts counts(ListenerMethod method) {
        return listener.counts(method);
    }

    /**
     * @param method one of {@link #listeners()}
     * @return the condition the dispatcher's index files it under (e.g. {@code event.name == 'a'}),
     *         or {@code null} when it is evaluated for every message of its kind
     */
    public String filedUnder(ListenerMethod method) {
        return listener.filedUnder(method);
    }
}
