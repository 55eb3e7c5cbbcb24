package io.sqsmega.spring;

/**
 * When {@link MegaTemplate} sends a message published inside a Spring transaction
 * ({@code mega.publish.transactional}, or per call with {@link PublishOptions.Builder#transactionMode}).
 * Outside a transaction both send at once.
 */
public enum TransactionMode {

    /**
     * Inside an active transaction, hold the message and send it after the transaction commits; drop it
     * when the transaction rolls back. A listener never sees an event whose data was rolled back, nor
     * one that arrives before the data it refers to is visible. A crash between the commit and the
     * send loses the message: use Spring Modulith's event publication registry where that matters.
     */
    AFTER_COMMIT,

    /** Send at once, transaction or not: the message goes out even if the transaction then rolls back. */
    IMMEDIATE
}
