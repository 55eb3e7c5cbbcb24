package io.sqsmega.spring;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.Matcher;
import io.sqsmega.spring.listener.SqsMessages;
import io.sqsmega.spring.offload.LargePayloads;
import io.sqsmega.spring.offload.OffloadedDecoding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * {@link MegaTemplate}'s receive on demand: one ReceiveMessage request per call, each body decoded as
 * the listener containers decode it, the match expression (compiled once per expression) applied, and
 * the messages it does not match released at once. On a FIFO queue a group's messages after a released
 * one are released too, so that the caller never holds a later message of a group whose earlier one went
 * back to the queue.
 */
final class QueueReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(QueueReceiver.class);

    /** Compiled expressions are kept; a script calling receive in a loop compiles each once. */
    private static final int MAX_CACHED_MATCHERS = 256;

    private final SqsAsyncClient sqs;
    private final QueueResolver queues;
    private final BodyDecoder decoder;
    private final MatchCompiler compiler;
    private final Map<String, Matcher> matchers = new ConcurrentHashMap<>();
    private volatile LargePayloads largePayloads = LargePayloads.unavailable(LargePayloads.NOT_CONFIGURED);
    private volatile BodyDecoder offloadedDecoder;

    /** How long reading one offloaded body may take. */
    private static final java.time.Duration OFFLOADED_READ_TIMEOUT = java.time.Duration.ofSeconds(30);

    QueueReceiver(SqsAsyncClient sqs, QueueResolver queues, BodyDecoder decoder, MatchCompiler compiler) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.offloadedDecoder = decoder;
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    /** @param largePayloads reads bodies offloaded to S3 */
    void setLargePayloads(LargePayloads largePayloads) {
        this.offloadedDecoder = decoder.withMaxBodyBytes(largePayloads.settings().maxOffloadedBytes());
        this.largePayloads = largePayloads;
    }

    CompletableFuture<List<ReceivedMessage>> receive(String queue, ReceiveOptions options) {
        Matcher matcher;
        try {
            matcher = options.match() == null ? null : matcher(options.match());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(new MegaReceiveException("The match expression of a receive from '"
                    + queue + "' does not compile: " + ex.getMessage(), ex));
        }
        return queues.resolve(queue)
                .exceptionally(failure -> {
                    Throwable cause = CompletionFailures.cause(failure);
                    throw new MegaReceiveException(cause.getMessage(), cause);
                })
                .thenCompose(url -> sqs.receiveMessage(request(url, options))
                        .thenApply(response -> decide(queue, url, response.messages(), matcher)))
                .exceptionally(failure -> {
                    Throwable cause = CompletionFailures.cause(failure);
                    if (cause instanceof MegaReceiveException receive) {
                        throw receive;
                    }
                    throw new MegaReceiveException("Receiving from '" + queue + "' failed: " + cause.getMessage()
                            + ". Check the SQS endpoint, region and credentials (spring.cloud.aws.*)", cause);
                });
    }

    private static ReceiveMessageRequest request(String url, ReceiveOptions options) {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(url)
                .maxNumberOfMessages(options.maxMessages())
                .waitTimeSeconds((int) options.waitTime().toSeconds())
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        MessageSystemAttributeName.MESSAGE_GROUP_ID);
        if (options.visibilityTimeout() != null) {
            request.visibilityTimeout((int) options.visibilityTimeout().toSeconds());
        }
        return request.build();
    }

    private Matcher matcher(String expression) {
        Matcher cached = matchers.get(expression);
        if (cached != null) {
            return cached;
        }
        Matcher compiled = compiler.compile(expression);
        if (matchers.size() < MAX_CACHED_MATCHERS) {
            matchers.put(expression, compiled);
        }
        return compiled;
    }

    private List<ReceivedMessage> decide(String queue, String url, List<Message> messages, Matcher matcher) {
        ReceivedMessage.Settle settle = ReceivedMessage.settleOn(sqs, url);
        List<ReceivedMessage> returned = new ArrayList<>(messages.size());
        Set<String> releasedGroups = new HashSet<>();
        for (Message message : messages) {
            String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            Map<String, String> attributes = SqsMessages.stringAttributes(message);
            int receiveCount = SqsMessages.receiveCount(message);
            // Offloaded bodies are read as the listener containers read them (the bucket allowed, the size bounded).
            OffloadedDecoding decoding = OffloadedDecoding.decode(message, attributes, largePayloads, decoder,
                    offloadedDecoder, OFFLOADED_READ_TIMEOUT);
            String body = decoding.body();
            DecodeResult result = decoding.unread() ? unread(decoding.offload()) : decoding.result();
            ReceivedMessage.Settle settleThis = decoding.offload() instanceof LargePayloads.Resolved resolved
                    ? cleaningUp(settle, resolved) : settle;
            if (result instanceof DecodeResult.SnsConfirmation confirmation) {
                LOG.info("SNS {} for {} on {}: deleted, never returned", confirmation.envelope().type(),
                        confirmation.envelope().topicArn(), queue);
                settle.apply(message.receiptHandle(), null);
                continue;
            }
            if (group != null && releasedGroups.contains(group)) {
                release(settle, message, queue, "an earlier message of its FIFO group was released");
                continue;
            }
            ReceivedMessage received;
            if (result instanceof DecodeResult.Decoded decoded) {
                if (matcher != null && !matches(matcher, decoded, message, receiveCount, attributes)) {
                    release(settle, message, queue, "not matched by " + matcher.expression());
                    if (group != null) {
                        releasedGroups.add(group);
                    }
                    continue;
                }
                received = new ReceivedMessage(queue, message.messageId(), body, receiveCount, attributes,
                        group, decoded.payload(), null, decoded.envelope(), message.receiptHandle(), settleThis);
            }
            else {
                DecodeResult.Invalid invalid = (DecodeResult.Invalid) result;
                if (matcher != null) {
                    release(settle, message, queue, "invalid (" + invalid.reason() + "), so not matched");
                    if (group != null) {
                        releasedGroups.add(group);
                    }
                    continue;
                }
                received = new ReceivedMessage(queue, message.messageId(), body, receiveCount, attributes,
                        group, null, invalid.reason(), invalid.envelope(), message.receiptHandle(), settleThis);
            }
            returned.add(received);
        }
        return returned;
    }

    /** Acknowledged (deleted) as a listener's message is: its object goes once SQS confirmed the delete. */
    private ReceivedMessage.Settle cleaningUp(ReceivedMessage.Settle settle, LargePayloads.Resolved resolved) {
        LargePayloads payloads = largePayloads;
        return (receipt, visibility) -> settle.apply(receipt, visibility).thenRun(() -> {
            if (visibility == null) {
                payloads.cleanUp(resolved);
            }
        });
    }

    /** An offloaded body that could not be read: the message is returned as invalid, with why. */
    private static DecodeResult.Invalid unread(LargePayloads.Resolution resolution) {
        return new DecodeResult.Invalid(resolution instanceof LargePayloads.Invalid invalid ? invalid.reason()
                : ((LargePayloads.Unreachable) resolution).reason(), null);
    }

    private static boolean matches(Matcher matcher, DecodeResult.Decoded decoded, Message message, int receiveCount,
            Map<String, String> attributes) {
        try {
            return matcher.matches(MatchInput.of(decoded, message.messageId(), receiveCount, attributes));
        }
        catch (MatchBudgetExceededException ex) {
            return false;
        }
    }

    private static void release(ReceivedMessage.Settle settle, Message message, String queue, String why) {
        LOG.debug("Released message {} of {}: {}", message.messageId(), queue, why);
        settle.apply(message.receiptHandle(), Duration.ZERO).exceptionally(failure -> {
            LOG.warn("Could not release message {} of {} ({}); it becomes visible when its visibility timeout runs out: {}",
                    message.messageId(), queue, why, failure.getMessage());
            return null;
        });
    }
}
