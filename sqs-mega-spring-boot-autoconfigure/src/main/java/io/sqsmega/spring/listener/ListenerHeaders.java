package io.sqsmega.spring.listener;

import io.sqsmega.codec.SnsEnvelope;
import io.sqsmega.spring.MegaMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The headers a listener sees through {@code Message<T>}, {@code @Header} and {@code @Headers}: the
 * message attributes by their own names (String and Number ones, as text), and the SQS and SNS metadata
 * under Spring Cloud AWS's names for {@code @SqsListener} ({@code Sqs_...}, {@code Sqs_Msa_...}), so that
 * a listener moved from {@code @SqsListener} reads the same headers. Built per invocation, only for
 * listeners that ask for headers.
 */
public final class ListenerHeaders {

    /** The SQS message id. */
    public static final String MESSAGE_ID = "Sqs_RawMessageId";

    /** The queue, as the listener names it. */
    public static final String QUEUE_NAME = "Sqs_QueueName";

    /** The receipt handle of this delivery. */
    public static final String RECEIPT_HANDLE = "Sqs_ReceiptHandle";

    /** SQS's {@code ApproximateReceiveCount}, an {@code Integer}. */
    public static final String RECEIVE_COUNT = "Sqs_Msa_ApproximateReceiveCount";

    /** The FIFO message group id. */
    public static final String MESSAGE_GROUP_ID = "Sqs_Msa_MessageGroupId";

    /** When SQS received the message from its sender, epoch milliseconds as text. */
    public static final String SENT_TIMESTAMP = "Sqs_Msa_SentTimestamp";

    /** The SNS topic, for a message delivered through SNS without raw delivery. */
    public static final String SNS_TOPIC_ARN = "Sns_TopicArn";

    /** The SNS message id. */
    public static final String SNS_MESSAGE_ID = "Sns_MessageId";

    /** The SNS subject, when the publisher gave one. */
    public static final String SNS_SUBJECT = "Sns_Subject";

    private ListenerHeaders() {
    }

    /**
     * @param message the message as listeners see it
     * @param raw the SQS message, or {@code null} when not at hand (then no receipt handle, group or timestamp)
     * @return the headers, attributes first
     */
    public static Map<String, Object> of(MegaMessage message, Message raw) {
        Map<String, Object> headers = new LinkedHashMap<>(message.attributes());
        headers.put(MESSAGE_ID, message.messageId());
        headers.put(QUEUE_NAME, message.queue());
        headers.put(RECEIVE_COUNT, message.receiveCount());
        if (raw != null) {
            headers.put(RECEIPT_HANDLE, raw.receiptHandle());
            putIfPresent(headers, MESSAGE_GROUP_ID, raw.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
            putIfPresent(headers, SENT_TIMESTAMP, raw.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP));
        }
        SnsEnvelope sns = message.snsEnvelope();
        if (sns != null) {
            putIfPresent(headers, SNS_TOPIC_ARN, sns.topicArn());
            putIfPresent(headers, SNS_MESSAGE_ID, sns.messageId());
            putIfPresent(headers, SNS_SUBJECT, sns.subject());
        }
        return headers;
    }

    private static void putIfPresent(Map<String, Object> headers, String name, Object value) {
        if (value != null) {
            headers.put(name, value);
        }
    }
}
