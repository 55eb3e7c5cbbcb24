package io.sqsmega.sample;

import static io.sqsmega.sample.InboxListeners.ATTACHMENTS;
import static io.sqsmega.sample.InboxListeners.NOTES;
import static io.sqsmega.sample.InboxListeners.SHIPMENTS;
import static io.sqsmega.sample.InboxListeners.SUPPORT;
import static io.sqsmega.sample.OrderListeners.AUDIT;
import static io.sqsmega.sample.OrderListeners.FULFILMENT;
import static io.sqsmega.sample.OrderListeners.LEGACY_ORDERS;
import static io.sqsmega.sample.OrderListeners.PAYMENTS;
import static io.sqsmega.sample.OrderListeners.STOCK;
import static io.sqsmega.sample.OrderListeners.VIP_DESK;

import io.sqsmega.codec.Encoding;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.BatchPublishResult;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The mix the sample publishes, each with what it expects to happen: MEGA events of several names
 * and versions in JSON and BSON, data objects, a plaintext note, a binary document, and one poison
 * message written by "another producer" straight to SQS.
 */
@Component
public class SampleTraffic {

    private static final PublishOptions BSON = PublishOptions.builder().encoding(Encoding.BSON).build();

    private final MegaTemplate template;
    private final SqsAsyncClient sqs;
    private final SampleQueues queues;
    private final SampleLedger ledger;

    SampleTraffic(MegaTemplate template, SqsAsyncClient sqs, SampleQueues queues, SampleLedger ledger) {
        this.template = template;
        this.sqs = sqs;
        this.queues = queues;
        this.ledger = ledger;
    }

    /** Publishes every message and records what each should lead to. */
    public void publish() {
        Instant now = Instant.now();

        // MEGA events on "orders": names, versions and encodings chosen so that each listener's
        // expression picks its own, and one message fans out to three listeners.
        sent("order.placed v1", "orders", "mega+json", template.publish("orders", MegaEvent.builder()
                .name("order.placed").timestamp(now).domain("shop").publisher("checkout-legacy")
                .attribute("order_id", "O-1001").attribute("customer", "C-17")
                .attribute("total", 42.5).attribute("currency", "EUR").build()),
                List.of(LEGACY_ORDERS, AUDIT), false);
        sent("order.placed v2 (gold)", "orders", "mega+bson", template.publish("orders", MegaEvent.builder()
                .name("order.placed").version(2).timestamp(now).domain("shop").publisher("checkout")
                .attribute("order_id", "O-1002")
                .attribute("customer", Map.of("id", "C-42", "name", "Ada", "tier", "gold"))
                .attribute("lines", List.of(Map.of("sku", "LAMP-7", "qty", 1, "price", 129.9),
                        Map.of("sku", "BULB-2", "qty", 4, "price", 3.5)))
                .attribute("total", 143.9).attribute("currency", "EUR")
                .object("order", "O-1002", Map.of("status", "placed")).build(), BSON),
                List.of(FULFILMENT, VIP_DESK, AUDIT), false);
        sent("order.placed v2", "orders", "mega+json", template.publish("orders", MegaEvent.builder()
                .name("order.placed").version(2).timestamp(now).domain("shop").publisher("checkout")
                .attribute("order_id", "O-1003")
                .attribute("customer", Map.of("id", "C-9", "name", "Grace", "tier", "silver"))
                .attribute("lines", List.of(Map.of("sku", "DESK-1", "qty", 1, "price", 349.0)))
                .attribute("total", 349.0).attribute("currency", "EUR").build()),
                List.of(FULFILMENT, AUDIT), false);

        // A batch (one SendMessageBatch request): the second item has quantity 0, so no listener
        // matches it and the unmatched policy (delete) applies.
        BatchPublishResult items = template.publishAll("orders", List.of(
                MegaEvent.builder().name("item.added").timestamp(now).attribute("sku", "LAMP-7").attribute("quantity", 2)
                        .build(),
                MegaEvent.builder().name("item.added").timestamp(now).attribute("sku", "BULB-2").attribute("quantity", 0)
                        .build()));
        sent("item.added qty 2 (batch)", "orders", "mega+json", messageId(items, 0), List.of(STOCK), false);
        sent("item.added qty 0 (batch)", "orders", "mega+json", messageId(items, 1), List.of(), false);

        sent("payment.captured", "orders", "mega+bson", template.publish("orders", MegaEvent.builder()
                .name("payment.captured").timestamp(now).domain("billing")
                .attribute("order_id", "O-1002").attribute("amount", 143.9).attribute("currency", "EUR").build(), BSON),
                List.of(PAYMENTS), false);
        sent("invoice.requested (fails)", "orders", "mega+json", template.publish("orders", MegaEvent.builder()
                .name("invoice.requested").timestamp(now).domain("billing")
                .attribute("order_id", "O-1003").attribute("country", "XX").build()),
                List.of(), true);

        // The poison message: MEGA-shaped but without an event name, sent by someone else's
        // producer. No listener can see it; the invalid policy moves it to the DLQ with the reason.
        String ordersUrl = sqs.getQueueUrl(b -> b.queueName(queues.orders())).join().queueUrl();
        String poisonId = sqs.sendMessage(b -> b.queueUrl(ordersUrl)
                .messageBody("{\"protocol\":\"mega\",\"version\":1,\"event\":{\"timestamp\":\"" + now + "\"}}"))
                .join().messageId();
        sent("poison (no event name)", "orders", "raw json", poisonId, List.of(), true);

        // Everything else a service receives, on "inbox".
        sent("shipment update", "inbox", "data+json", template.publish("inbox",
                new ShipmentUpdate("S-77", "DHL", "delayed", 3)), List.of(SHIPMENTS), false);
        sent("support ticket", "inbox", "data+bson", template.publish("inbox", Map.of("ticket", "T-5",
                "title", "charged twice", "priority", "high", "tags", List.of("billing", "refund")), BSON),
                List.of(SUPPORT), false);
        sent("plaintext note", "inbox", "text", template.publish("inbox",
                "Reminder: warehouse B closes at 18:00 on Friday."), List.of(NOTES), false);
        sent("pdf document", "inbox", "binary", template.publish("inbox",
                "%PDF-1.7 sample invoice".getBytes(StandardCharsets.US_ASCII),
                PublishOptions.builder().attribute("filename", "invoice-O-1003.pdf").build()),
                List.of(ATTACHMENTS), false);
    }

    private void sent(String label, String queue, String format, String messageId, List<String> listeners,
            boolean deadLetter) {
        ledger.expect(new Expectation(messageId, label, queue, format, listeners, deadLetter));
    }

    private static String messageId(BatchPublishResult result, int index) {
        BatchPublishResult.Entry entry = result.entries().get(index);
        return entry.sentMessageId().orElseThrow(() -> new IllegalStateException(
                "batch entry " + index + " was not sent: " + entry.errorCode() + " " + entry.errorMessage()));
    }
}
