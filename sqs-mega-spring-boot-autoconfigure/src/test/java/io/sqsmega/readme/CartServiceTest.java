package io.sqsmega.readme;

import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.sqsmega.test.spring.EmbeddedSqsTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

@SpringBootTest
@EmbeddedSqsTest(deadLetterQueues = "orders-prod")
class CartServiceTest {
    @Autowired
    CartService cart;

    @MockitoSpyBean
    Stock stock;

    @Test
    void anAddedItemIsReserved() {
        cart.addItem("cart-1", "LAMP-7", 2);
        verify(stock, timeout(10_000)).reserve("LAMP-7", 2);
    }
}
