package io.sqsmega.readme;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The quickstart's stock service. */
@Component
public class Stock {

    private final Map<String, Integer> reserved = new ConcurrentHashMap<>();

    /**
     * @param sku the item
     * @param quantity how many to reserve
     */
    public void reserve(String sku, int quantity) {
        reserved.merge(sku, quantity, Integer::sum);
    }
}
