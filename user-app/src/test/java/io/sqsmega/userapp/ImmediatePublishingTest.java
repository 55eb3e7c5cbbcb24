package io.sqsmega.userapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sqsmega.spring.PublishOptions;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code mega.publish.transactional=immediate}: the behaviour before transaction-aware publishing, for
 * applications that want it. The same shop as {@link TransactionalPublishingTest}, on queues of its own.
 */
@SpringBootTest(properties = {"mega.publish.transactional=immediate", "mega.queues.orders.name=tx-orders-immediate",
        "mega.queues.ordered.name=tx-ordered-immediate.fifo", "mega.listener.poll-wait=1s"})
@EmbeddedSqsTest(faults = true)
@Import(TransactionalPublishingTest.Shop.class)
class ImmediatePublishingTest {

    @Autowired
    TransactionalPublishingTest.OrderService service;

    @Autowired
    TransactionalPublishingTest.Shop shop;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void schema() {
        jdbc.execute("create table if not exists orders (id varchar(64) primary key)");
    }

    @Test
    void aPublishInsideATransactionIsSentAtOnceAndStaysSentWhenItRollsBack() {
        assertThatThrownBy(() -> service.place("i-rolled-back", PublishOptions.defaults(), true))
                .hasMessageContaining("payment declined");
        assertThat(service.lastMessageId()).isNotNull();
        assertThat(service.sentWhileOpen()).isOne();
        await().atMost(Duration.ofSeconds(20)).until(() -> shop.received.contains("i-rolled-back"));
        assertThat(shop.rowSeenByListener).containsEntry("i-rolled-back", false);
    }
}
