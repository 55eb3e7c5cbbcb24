package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.MessagingHeaders;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.support.converter.ContextAwareMessagingMessageConverter;
import io.awspring.cloud.sqs.support.converter.MessageConversionContext;
import io.awspring.cloud.sqs.support.converter.MessagingMessageHeaders;
import io.awspring.cloud.sqs.support.converter.SqsMessageConversionContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.messaging.support.MessageBuilder;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replaces Spring Cloud AWS's {@code SqsMessagingMessageConverter} in our containers: the Spring
 * message's payload is the SQS {@link Message} itself, because {@code BodyDecoder} decodes each
 * body exactly once and needs the body and attributes as they arrived.
 *
 * <p>The headers are only those the container's parts read: the id (the SQS message id as a UUID),
 * the receipt handle (acknowledgement), the message group id (FIFO grouping and ordered
 * acknowledgement), the acknowledgement callback (MANUAL mode), the queue name (observation), and
 * the string message attributes (so an observation can read the publisher's trace context).
 *
 * <p>It never throws. Spring Cloud AWS's own header mapper parses {@code Number.<class>} attributes
 * with {@code Class.forName} and honours a {@code JavaType} attribute; a message whose attributes
 * fail that is logged with its body at ERROR and skipped without being settled, so it comes back
 * until SQS moves it away. Any body and attribute must reach our decoder instead, which gives bad
 * input the invalid policy and a reason.
 */
final class RawMessageConverter implements ContextAwareMessagingMessageConverter<Message> {

    private final String queue;

    /** @param queue the queue as listeners named it (the observation's source name) */
    RawMessageConverter(String queue) {
        this.queue = queue;
    }

    @Override
    public org.springframework.messaging.Message<?> toMessagingMessage(Message source,
            MessageConversionContext context) {
        Map<String, Object> headers = new HashMap<>();
        source.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                headers.put(name, value.stringValue());
            }
        });
        source.attributesAsStrings().forEach((name, value) ->
                headers.put(SqsHeaders.MessageSystemAttributes.SQS_MSA_HEADER_PREFIX + name, value));
        headers.put(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, source.receiptHandle());
        headers.put(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER, source.messageId());
        headers.put(SqsHeaders.SQS_QUEUE_NAME_HEADER, queue);
        if (context instanceof SqsMessageConversionContext sqsContext && sqsContext.getAcknowledgementCallback() != null) {
            headers.put(MessagingHeaders.ACKNOWLEDGMENT_CALLBACK_HEADER, sqsContext.getAcknowledgementCallback());
        }
        return MessageBuilder.createMessage(source, new MessagingMessageHeaders(headers, idOf(source.messageId())));
    }

    /** SQS message ids are UUIDs; anything else (a test double, another server) gets a stable name-based one. */
    private static UUID idOf(String messageId) {
        try {
            return UUID.fromString(messageId);
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            return UUID.nameUUIDFromBytes(String.valueOf(messageId).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public Message fromMessagingMessage(org.springframework.messaging.Message<?> message,
            MessageConversionContext context) {
        throw new UnsupportedOperationException("SQS MEGA containers only receive; publish with MegaTemplate");
    }

    @Override
    public MessageConversionContext createMessageConversionContext() {
        return new SqsMessageConversionContext();
    }
}
