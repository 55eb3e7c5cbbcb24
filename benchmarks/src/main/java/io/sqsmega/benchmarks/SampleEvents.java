package io.sqsmega.benchmarks;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.event.MegaObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic MEGA events of about 1 KB in JSON, shared by the benchmarks.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    /**
     * A shopping-cart event: standard fields, attributes of every scalar type, a three-item cart
     * before and after, extra.
     *
     * @param name the event name
     * @param quantity the quantity attribute
     * @return the event
     */
    public static MegaEvent cartEvent(String name, int quantity) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "61fcc87" + i);
            item.put("sku", "SKU-000" + i + "-BLUE-XL");
            item.put("quantity", 1 + i);
            item.put("price", 19.99 + i);
            item.put("gift", i == 1);
            items.add(item);
        }
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("user_id", 987650);
        current.put("items", items);
        current.put("value", "377.37");
        current.put("currency", "EUR");
        current.put("created_at", "2020-05-04T15:50:00.000Z");
        Map<String, Object> previous = new LinkedHashMap<>(current);
        previous.put("items", items.subList(0, 2));
        previous.put("value", "277.42");
        return MegaEvent.builder()
                .name(name)
                .timestamp(Instant.parse("2020-05-04T15:53:23.123Z"))
                .version(2)
                .domain("shopping_cart")
                .subject("987650")
                .publisher("shopping-cart-service")
                .attribute("item_id", "61fcc874")
                .attribute("quantity", quantity)
                .attribute("price", "19.99")
                .attribute("tenant", "acme")
                .attribute("campaign", "spring-sale")
                .object(new MegaObject("shopping_cart", "18a3f92e", 2, current, previous))
                .extra("channel", "web/desktop")
                .extra("trace_id", "1-5e1b4151-5ac6c58f5b5daa6532e4f2e4")
                .build();
    }
}
