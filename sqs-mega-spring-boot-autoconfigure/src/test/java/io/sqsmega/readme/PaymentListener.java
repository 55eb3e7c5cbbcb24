package io.sqsmega.readme;

import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

@Component
class PaymentListener {
    private final PaymentGateway gateway;

    PaymentListener(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    @MegaListener(queue = "payments", match = "event.name == 'payment.requested'", retryInitial = "10s")
    ProcessStatus onPaymentRequested(MegaEvent event, MegaMessage message) {
        if (!gateway.isUp()) {
            return ProcessStatus.RETRY_LATER;            // kept; delivered again after the backoff
        }
        gateway.charge((String) event.attribute("order_id"));
        return ProcessStatus.DONE;
    }

    @MegaListener(queue = "notifications", retriable = TimeoutException.class)
    void onNotification(UserNotification notification) {  // a data object bound to a record
        gateway.notify(notification.userId(), notification.text());
    }
}
