package io.sqsmega.modulithapp;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Completes orders: one transaction writes the order and records the event in Modulith's registry. */
@Service
public class OrderService {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    OrderService(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * @param orderId the order
     * @param customerId its customer
     */
    @Transactional
    public void complete(String orderId, String customerId) {
        jdbc.update("insert into completed_orders (id, customer) values (?, ?)", orderId, customerId);
        events.publishEvent(new OrderCompleted(orderId, customerId));
    }
}
