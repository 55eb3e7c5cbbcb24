package io.sqsmega.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What happens to a message once every listener it was dispatched to has answered: the fold of
 * their {@link ProcessStatus}es.
 *
 * <ul>
 * <li>any {@code RETRY_LATER} or {@code RETRIABLE_ERROR}, or a match that was undecided:
 * {@link Action#RETRY} (the message is kept; nothing is lost, and listeners that did finish run
 * again on redelivery, so listeners must be idempotent);</li>
 * <li>otherwise any {@code FATAL_ERROR}: {@link Action#FATAL} (the fatal policy);</li>
 * <li>otherwise, all {@code DONE}: {@link Action#DELETE}.</li>
 * </ul>
 * Retry wins over fatal so that a listener that asked for another chance gets it even when the
 * fatal policy would delete the message.
 *
 * @param action what to do
 * @param fatalListeners the listeners that answered {@code FATAL_ERROR}
 * @param retryingListeners the listeners that asked for a retry or were undecided
 * @param <T> the listener type
 */
public record MessageDisposition<T>(Action action, List<T> fatalListeners, List<T> retryingListeners) {

    /** Copies the lists. */
    public MessageDisposition {
        Objects.requireNonNull(action, "action");
        fatalListeners = List.copyOf(fatalListeners);
        retryingListeners = List.copyOf(retryingListeners);
    }

    /** The three fates of a handled message. */
    public enum Action {
        /** Every listener is done: delete the message. */
        DELETE,
        /** Keep the message and deliver it again after the retry backoff. */
        RETRY,
        /** Apply the fatal policy. */
        FATAL
    }

    /**
     * One listener's answer.
     *
     * @param listener the listener
     * @param status its status
     * @param <T> the listener type
     */
    public record Answer<T>(T listener, ProcessStatus status) {

        /** Requires both parts. */
        public Answer {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Folds the answers of the listeners a message was dispatched to.
     *
     * @param answers the answers of the matched listeners
     * @param undecided the listeners whose match was undecided (never invoked)
     * @param <T> the listener type
     * @return the disposition
     */
    public static <T> MessageDisposition<T> fold(Collection<Answer<T>> answers, Collection<T> undecided) {
        List<T> retrying = new ArrayList<>(undecided);
        List<T> fatal = new ArrayList<>();
        for (Answer<T> answer : answers) {
            switch (answer.status()) {
                case RETRY_LATER, RETRIABLE_ERROR -> retrying.add(answer.listener());
                case FATAL_ERROR -> fatal.add(answer.listener());
                case DONE -> {
                }
            }
        }
        Action action = !retrying.isEmpty() ? Action.RETRY : !fatal.isEmpty() ? Action.FATAL : Action.DELETE;
        return new MessageDisposition<>(action, fatal, retrying);
    }
}
