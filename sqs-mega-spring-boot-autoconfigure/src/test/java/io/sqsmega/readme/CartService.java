package io.sqsmega.readme;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaTemplate;
import org.springframework.stereotype.Service;

@Service
class CartService {
    private final MegaTemplate mega;

    CartService(MegaTemplate mega) {
        this.mega = mega;
    }

    void addItem(String cartId, String sku, int quantity) {
        mega.publish("orders", MegaEvent.builder()
                .name("item.added").timestampNow().subject(cartId)
                .attribute("sku", sku).attribute("quantity", quantity)
                .build());
    }
}
