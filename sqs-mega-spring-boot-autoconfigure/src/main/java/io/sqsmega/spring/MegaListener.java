package io.sqsmega.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that handles messages of a queue, optionally only those a match expression
 * selects:
 * <pre>{@code
 * @MegaListener(queue = "orders", match = "event.name == 'item.added' && event.quantity > 0")
 * ProcessStatus onItemAdded(MegaEvent event, MegaMessage message) { ... }
 * }</pre>
 * The payload parameter's type selects the payload kind: {@code MegaEvent} (mega), a {@code Map}
 * or a POJO/record (data object), {@code String} (text), {@code byte[]} (binary). A
 * {@link MegaMessage} parameter gives the message id, receive count, attributes and SNS metadata.
 * Return {@code void} (done), a {@code ProcessStatus}, or a {@code CompletableFuture} of either.
 * An exception is a retriable error when its type is listed in {@link #retriable()}, else fatal.
 * When several listeners of a message ask for a retry, the longest of their backoffs applies.
 *
 * <p>A <em>batch listener</em> ({@link #batch()}, or a {@code List<T>} / {@code List<Message<T>>}
 * parameter) gets, per poll, the messages of that poll that matched it, in one call:
 * <pre>{@code
 * @MegaListener(queue = "orders", match = "data.total > 100", batch = true)
 * List<ProcessStatus> onLargeOrders(List<Message<Order>> orders) { ... }
 * }</pre>
 * Return {@code void} (all done), one {@code ProcessStatus} for all, or a {@code List<ProcessStatus>}
 * with one status per message in the order received (or a {@code CompletableFuture} of these). An
 * exception retries every message of the batch. The queue's other listeners still get each message.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MegaListener {

    /**
     * @return a logical queue name from {@code mega.queues.*}, a queue name or URL; {@code ${...}}
     *         placeholders are resolved
     */
    String queue();

    /**
     * @return the match expression; empty for every payload of the method's kind
     */
    String match() default "";

    /**
     * @return exception types that mean "retry later" rather than "failed for good"
     */
    Class<? extends Throwable>[] retriable() default {};

    /**
     * @return this listener's first retry visibility, e.g. {@code 10s} (empty: {@code mega.listener.retry.initial})
     */
    String retryInitial() default "";

    /**
     * @return this listener's backoff growth per receive (0: {@code mega.listener.retry.multiplier})
     */
    double retryMultiplier() default 0;

    /**
     * @return this listener's retry visibility cap, e.g. {@code 5m} (empty: {@code mega.listener.retry.max})
     */
    String retryMax() default "";

    /**
     * @return whether the method takes, per poll, the list of the poll's messages that matched it
     *         (implied by a {@code List} parameter); standard queues only: on a FIFO queue a group's
     *         messages are handled one after another, never together
     */
    boolean batch() default false;
}
