package io.sqsmega.spring.listener;

/**
 * A payload a listener cannot take as it is: it does not bind to the listener's parameter type, or it
 * violates the parameter's constraints ({@code @Valid}). The message gets the queue's <em>invalid</em>
 * outcome ({@code mega.listener.invalid-policy}: dead-lettered with this message as
 * {@code mega-failure-reason} when the queue has a DLQ), never a retry: the same payload would fail the
 * same way. A listener may throw it too, to declare a payload invalid on grounds of its own.
 */
public class InvalidPayloadException extends RuntimeException {

    /** @param message what is wrong with the payload, e.g. {@code orderId: must not be blank} */
    public InvalidPayloadException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the payload
     * @param cause the binding failure
     */
    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
