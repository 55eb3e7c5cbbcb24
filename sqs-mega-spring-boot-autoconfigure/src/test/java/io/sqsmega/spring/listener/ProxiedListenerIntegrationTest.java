package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.test.EmbeddedSqs;
import io.sqsmega.test.QueueSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Listeners on beans behind an interface-based (JDK) proxy, as {@code @Transactional}, {@code @Async}
 * or an aspect on an interface make them: found on the target's class, called through the proxy.
 */
class ProxiedListenerIntegrationTest {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();

    /** What the proxy's interface offers. */
    public interface OrderHandling {
        /** @param event an order event */
        void onOrder(MegaEvent event);
    }

    /** The target, with the annotation on its class. */
    public static class OrderHandler implements OrderHandling {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @Override
        @MegaListener(queue = "${test.queue}")
        public void onOrder(MegaEvent event) {
            handled.add(event.name());
        }
    }

    /** A target whose listener no interface declares. */
    public static class UnreachableHandler implements OrderHandling {
        @Override
        public void onOrder(MegaEvent event) {
        }

        @MegaListener(queue = "${test.queue}")
        public void onRefund(MegaEvent event) {
        }
    }

    static final List<String> ADVISED = new CopyOnWriteArrayList<>();

    static Object proxied(Object target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.addInterface(OrderHandling.class);
        factory.addAdvice((MethodInterceptor) invocation -> {
            ADVISED.add(invocation.getMethod().getName());
            return invocation.proceed();
        });
        return factory.getProxy();
    }

    @Configuration(proxyBeanMethods = false)
    static class Proxied {
        final OrderHandler target = new OrderHandler();

        @Bean
        OrderHandling orderHandling() {
            return (OrderHandling) proxied(target);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Unreachable {
        @Bean
        OrderHandling unreachable() {
            return (OrderHandling) proxied(new UnreachableHandler());
        }
    }

    private ApplicationContextRunner runner(String url) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class))
                .withBean(SqsAsyncClient.class, sqs::newAsyncClient)
                .withPropertyValues("test.queue=" + url, "mega.listener.poll-wait=1s");
    }

    @Test
    void aListenerOnAJdkProxiedBeanIsFoundAndCalledThroughTheProxy() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("proxied")));
        runner(url).withUserConfiguration(Proxied.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(OrderHandling.class)).isInstanceOf(java.lang.reflect.Proxy.class);
            assertThat(context.getBean(MegaListenerRegistrar.class).containers().get(0).listeners())
                    .extracting(ListenerMethod::id).containsExactly("OrderHandler.onOrder");
            ADVISED.clear();
            context.getBean(MegaTemplate.class).publish(url, MegaEvent.builder().name("order.placed")
                    .timestamp(Instant.parse("2020-01-01T00:00:00Z")).build());
            OrderHandler target = context.getBean(Proxied.class).target;
            await().atMost(Duration.ofSeconds(20)).until(() -> target.handled.size() == 1);
            assertThat(target.handled).containsExactly("order.placed");
            assertThat(ADVISED).as("called through the proxy, so its advice ran").containsExactly("onOrder");
        });
    }

    @Test
    void aListenerTheProxyCannotReachFailsStartupSayingWhatToDo() {
        String url = sqs.createQueue(QueueSpec.standard(sqs.uniqueName("unreachable")));
        runner(url).withUserConfiguration(Unreachable.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof MegaListenerException) && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(MegaListenerException.class).hasMessageContaining(
                    UnreachableHandler.class.getName() + ".onRefund is on a bean behind an interface-based (JDK) proxy")
                    .hasMessageContaining("declare it in one of the bean's interfaces");
        });
    }
}
