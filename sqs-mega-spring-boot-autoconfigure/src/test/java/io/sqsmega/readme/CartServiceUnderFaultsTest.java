package io.sqsmega.readme;

import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.SqsFault;
import io.sqsmega.test.SqsFaultInjector;
import io.sqsmega.test.spring.EmbeddedSqsTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** The README's "Testing under faults" example: the quickstart's service while SQS refuses deletes. */
@SpringBootTest(properties = "mega.queues.orders.name=orders-under-faults")
@EmbeddedSqsTest(faults = true)
class CartServiceUnderFaultsTest {
    @Autowired
    CartService cart;

    @Autowired
    SqsFaultInjector faults;

    @MockitoSpyBean
    Stock stock;

    @Test
    void anItemAddedWhileDeletesFailIsReservedOnce() {
        faults.inject(SqsFault.serverError("DeleteMessageBatch").lasting(Duration.ofSeconds(3)));
        cart.addItem("cart-2", "DESK-1", 1);
        verify(stock, timeout(10_000)).reserve("DESK-1", 1);

        // Deleted once SQS takes deletes again, long before the 30 s visibility timeout would redeliver it.
        EmbeddedSqs sqs = EmbeddedSqs.shared();
        String url = sqs.queueUrl("orders-under-faults");
        await().atMost(Duration.ofSeconds(15)).until(() -> sqs.visibleMessages(url) + sqs.inFlightMessages(url) == 0);
        verify(stock, times(1)).reserve("DESK-1", 1);
    }
}
