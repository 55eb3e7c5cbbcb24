package io.sqsmega.benchmarks.e2e;

import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.event.MegaEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The messages of a run: ~1 KB MEGA events in JSON, the same for every consumer. Each carries its
 * group and sequence number as message attributes (every consumer reads them the same cheap way,
 * to check FIFO order) and a {@code shard} (0-99) in the event, which the 100-listener variant
 * matches on.
 */
final class BenchMessages {

    /** Listeners of the 100-listener variant, one per shard. */
    static final int SHARDS = 100;

    private static final PayloadEncoder ENCODER = PayloadEncoder.create();
    private static final Instant TIMESTAMP = Instant.parse("2026-12-01T10:15:30.123Z");

    private BenchMessages() {
    }

    /**
     * @param seq the message's number within its group (from 1)
     * @param shard its shard
     * @return the encoded event
     */
    static EncodedBody event(int seq, int shard) {
        return ENCODER.encode(eventObject(seq, shard), Encoding.JSON);
    }

    /**
     * @param seq the message's number within its group (from 1)
     * @param shard its shard
     * @return the event
     */
    static MegaEvent eventObject(int seq, int shard) {
        return MegaEvent.builder().name("item.added").timestamp(TIMESTAMP).domain("shop").subject("cart-" + seq)
                .publisher("bench").attribute("shard", shard).attribute("seq", seq)
                .attribute("cart", Map.of("id", "c-" + seq, "currency", "EUR",
                        "items", List.of(Map.of("sku", "SKU-0001", "quantity", 2, "price", 19.99, "title", "A sturdy mug"),
                                Map.of("sku", "SKU-0002", "quantity", 1, "price", 249.0, "title", "A coffee grinder"),
                                Map.of("sku", "SKU-0003", "quantity", 4, "price", 3.5, "title", "Filters, pack of 100"))))
                .attribute("customer", Map.of("id", "u-42", "country", "DE", "tier", "gold", "since", "2019-04-01"))
                .attribute("note", "x".repeat(380))
                .build();
    }

    /**
     * @param index the entry's id within its request
     * @param group the FIFO group, or {@code null} on a standard queue
     * @param seq the message's number within its group
     * @param body the encoded event
     * @return the batch entry, with the attributes every consumer reads
     */
    static SendMessageBatchRequestEntry entry(int index, String group, int seq, EncodedBody body) {
        return SendMessageBatchRequestEntry.builder().id(Integer.toString(index)).messageBody(body.body())
                .messageAttributes(Map.of(body.attributeName(), string(body.attributeValue()), "seq", string(Integer.toString(seq)),
                        "group", string(group == null ? "-" : group)))
                .messageGroupId(group).messageDeduplicationId(group == null ? null : group + "-" + seq).build();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** @return the group attribute of a received message */
    static String group(Message message) {
        return message.messageAttributes().get("group").stringValue();
    }

    /** @return the seq attribute of a received message */
    static int seq(Message message) {
        return Integer.parseInt(message.messageAttributes().get("seq").stringValue());
    }
}
