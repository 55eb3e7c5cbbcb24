package io.sqsmega.spring;

/**
 * A publish held for the commit of the transaction it was made in ({@link TransactionMode#AFTER_COMMIT})
 * that was never sent because that transaction rolled back (or ended in an unknown state). Completes
 * the future of {@code publishAsync} / {@code publishAllAsync}; nothing to fix, unless the rollback was
 * not expected.
 */
public class PublishDroppedException extends MegaPublishException {

    /** @param message which destination, and why the transaction's publishes were dropped */
    public PublishDroppedException(String message) {
        super(message, null);
    }
}
