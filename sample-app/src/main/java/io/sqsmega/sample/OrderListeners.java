package io.sqsmega.sample;

import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The listeners of the {@code orders} queue. One message can match several of them (an
 * {@code order.placed} v2 from a gold customer goes to fulfilment, the VIP desk and the audit); each
 * runs once per delivery and the message is deleted when all are done.
 */
@Component
public class OrderListeners {

    static final String FULFILMENT = "fulfilment";
    static final String LEGACY_ORDERS = "legacy-orders";
    static final String VIP_DESK = "vip-desk";
    static final String STOCK = "stock";
    static final String PAYMENTS = "payments";
    static final String AUDIT = "audit";

    /** Receives of a payment before the (simulated) gateway answers. */
    static final int PAYMENT_GATEWAY_READY_AT = 3;

    private final HandlingLog handlings;

    OrderListeners(HandlingLog handlings) {
        this.handlings = handlings;
    }

    /** Version 2 orders carry their lines; version 1 ones go to the legacy system below. */
    @MegaListener(queue = "orders", match = "event.name == 'order.placed' && event.version >= 2")
    void fulfil(MegaEvent order, MegaMessage message) {
        List<?> lines = (List<?>) order.attribute("lines");
        handlings.handled(message, FULFILMENT, "order " + order.attribute("order_id") + ": " + lines.size()
                + " line(s), total " + order.attribute("total") + " " + order.attribute("currency"));
    }

    @MegaListener(queue = "orders", match = "event.name == 'order.placed' && event.version == 1")
    void legacyOrder(MegaEvent order, MegaMessage message) {
        handlings.handled(message, LEGACY_ORDERS, "order " + order.attribute("order_id") + " for customer "
                + order.attribute("customer"));
    }

    /** Nested attributes and list elements are paths: any line above 100 from a gold customer. */
    @MegaListener(queue = "orders",
            match = "event.name == 'order.placed' && event.customer.tier == 'gold' && event.lines[*].price > 100")
    void vipDesk(MegaEvent order, MegaMessage message) {
        Map<?, ?> customer = (Map<?, ?>) order.attribute("customer");
        handlings.handled(message, VIP_DESK, "call " + customer.get("name") + " about order " + order.attribute("order_id"));
    }

    @MegaListener(queue = "orders", match = "event.name == 'item.added' && event.quantity > 0")
    void reserveStock(MegaEvent event, MegaMessage message) {
        handlings.handled(message, STOCK, "reserve " + event.attribute("quantity") + " x " + event.attribute("sku"));
    }

    /**
     * The flaky one: the payment gateway is "down" for the first deliveries, so the listener asks
     * for a retry; SQS redelivers after this listener's backoff and the third delivery succeeds.
     */
    @MegaListener(queue = "orders", match = "event.name == 'payment.captured'", retryInitial = "1s",
            retryMultiplier = 1.0, retryMax = "1s")
    ProcessStatus capturePayment(MegaEvent payment, MegaMessage message) {
        if (message.receiveCount() < PAYMENT_GATEWAY_READY_AT) {
            handlings.retrying(message, PAYMENTS, "payment gateway unavailable");
            return ProcessStatus.RETRY_LATER;
        }
        handlings.handled(message, PAYMENTS, "captured " + payment.attribute("amount") + " "
                + payment.attribute("currency") + " for order " + payment.attribute("order_id"));
        return ProcessStatus.DONE;
    }

    /** The failing one: an exception not listed as retriable fails the message for good (DLQ). */
    @MegaListener(queue = "orders", match = "event.name == 'invoice.requested'")
    void requestInvoice(MegaEvent request) {
        throw new IllegalStateException("no tax rules for country '" + request.attribute("country") + "'");
    }

    /** Every order event, whatever its name or version (the other order listeners run too). */
    @MegaListener(queue = "orders", match = "startsWith(event.name, 'order.')")
    void audit(MegaEvent event, MegaMessage message) {
        handlings.handled(message, AUDIT, event.name() + " v" + event.version() + " at " + event.timestamp());
    }
}
