package io.sqsmega.readme;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import org.springframework.stereotype.Component;

@Component
class OrderListener {
    private final Stock stock;

    OrderListener(Stock stock) {
        this.stock = stock;
    }

    @MegaListener(queue = "orders", match = "event.name == 'item.added' && event.quantity > 0")
    void onItemAdded(MegaEvent event) {
        stock.reserve((String) event.attribute("sku"), ((Number) event.attribute("quantity")).intValue());
    }
}
