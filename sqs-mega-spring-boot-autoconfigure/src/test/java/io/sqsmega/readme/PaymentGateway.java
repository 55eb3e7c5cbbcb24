package io.sqsmega.readme;

import org.springframework.stereotype.Component;

/** The README's payment gateway, always up here. */
@Component
public class PaymentGateway {

    /** @return whether payments can be taken now */
    public boolean isUp() {
        return true;
    }

    /** @param orderId the order to charge */
    public void charge(String orderId) {
    }

    /**
     * @param userId the user
     * @param text the message
     */
    public void notify(String userId, String text) {
    }
}
