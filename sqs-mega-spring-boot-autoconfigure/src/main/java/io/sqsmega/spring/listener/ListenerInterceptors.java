package io.sqsmega.spring.listener;

import io.awspring.cloud.sqs.listener.interceptor.AsyncMessageInterceptor;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.messaging.Message;

/**
 * The application's Spring Cloud AWS {@link MessageInterceptor} and {@link AsyncMessageInterceptor} beans,
 * run around each message of our containers as Spring Cloud AWS runs them around {@code @SqsListener}
 * methods, in their {@code @Order}: {@code intercept} before the message is decoded and dispatched (on
 * the thread that then calls the listeners, so what it puts in the MDC or a thread-local is there), and
 * {@code afterProcessing} once every listener answered, before the message is settled, with the failure
 * behind a retry or fatal outcome (or the reason of an invalid one).
 *
 * <p>Not Spring Cloud AWS's own interceptor stages: those see the listener's future, and ours completes
 * normally whatever the outcome, because the dispatcher settles each message itself.
 */
public final class ListenerInterceptors {

    /** No interceptors. */
    public static final ListenerInterceptors NONE = new ListenerInterceptors(List.of());

    private static final Logger LOG = LoggerFactory.getLogger(ListenerInterceptors.class);

    private final List<AsyncMessageInterceptor<Object>> interceptors;

    private ListenerInterceptors(List<AsyncMessageInterceptor<Object>> interceptors) {
        this.interceptors = List.copyOf(interceptors);
    }

    /**
     * @param interceptors {@link MessageInterceptor} and {@link AsyncMessageInterceptor} instances, in any order
     * @return them, sorted by {@code @Order} / {@code Ordered}
     */
    @SuppressWarnings("unchecked")
    public static ListenerInterceptors of(List<?> interceptors) {
        if (interceptors.isEmpty()) {
            return NONE;
        }
        List<Object> sorted = new ArrayList<>(interceptors);
        AnnotationAwareOrderComparator.sort(sorted);
        List<AsyncMessageInterceptor<Object>> adapted = new ArrayList<>();
        for (Object interceptor : sorted) {
            if (interceptor instanceof AsyncMessageInterceptor<?> async) {
                adapted.add((AsyncMessageInterceptor<Object>) async);
            }
            else if (interceptor instanceof MessageInterceptor<?> blocking) {
                adapted.add(new Blocking((MessageInterceptor<Object>) blocking));
            }
            else {
                throw new IllegalArgumentException("Not a MessageInterceptor nor an AsyncMessageInterceptor: " + interceptor);
            }
        }
        return new ListenerInterceptors(adapted);
    }

    /** @return whether there are none */
    public boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /**
     * @param message the message as received
     * @param <T> its payload type
     * @return the message as the interceptors left it, once each intercepted it
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> CompletableFuture<Message<T>> before(Message<T> message) {
        CompletableFuture<Message> current = CompletableFuture.completedFuture(message);
        for (AsyncMessageInterceptor<Object> interceptor : interceptors) {
            current = current.thenCompose(each -> (CompletableFuture) interceptor.intercept((Message<Object>) each));
        }
        return (CompletableFuture) current;
    }

    /**
     * Tells every interceptor the message was processed; a failing interceptor is logged and the others
     * still run.
     *
     * @param message the message as the interceptors left it
     * @param failure what went wrong, or {@code null} when the listeners were done
     */
    @SuppressWarnings("unchecked")
    void after(Message<?> message, Throwable failure) {
        for (AsyncMessageInterceptor<Object> interceptor : interceptors) {
            try {
                interceptor.afterProcessing((Message<Object>) message, failure).exceptionally(ex -> {
                    LOG.warn("Interceptor {} failed after processing a message: {}", interceptor, ex.toString());
                    return null;
                });
            }
            catch (RuntimeException ex) {
                LOG.warn("Interceptor {} failed after processing a message: {}", interceptor, ex.toString());
            }
        }
    }

    /** A blocking interceptor run as an async one, on the calling thread. */
    private record Blocking(MessageInterceptor<Object> interceptor) implements AsyncMessageInterceptor<Object> {

        @Override
        public CompletableFuture<Message<Object>> intercept(Message<Object> message) {
            return CompletableFuture.completedFuture(interceptor.intercept(message));
        }

        @Override
        public CompletableFuture<Void> afterProcessing(Message<Object> message, Throwable failure) {
            interceptor.afterProcessing(message, failure);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String toString() {
            return interceptor.toString();
        }
    }
}
