package io.sqsmega.modulithapp;

import org.springframework.modulith.events.Externalized;

/**
 * Published when an order is completed; leaves the application for the logical queue {@code orders},
 * in the order's customer's FIFO group when that queue is FIFO.
 *
 * @param orderId the order
 * @param customerId its customer
 */
@Externalized("orders::#{customerId()}")
public record OrderCompleted(String orderId, String customerId) {
}
