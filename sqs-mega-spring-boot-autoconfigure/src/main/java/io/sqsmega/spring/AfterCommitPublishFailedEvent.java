package io.sqsmega.spring;

import java.util.List;
import java.util.Objects;

/**
 * Published as an application event when a message held for a transaction's commit
 * ({@link TransactionMode#AFTER_COMMIT}) could not be sent after the commit: the transaction's data is
 * committed, the message is not on its queue or topic. {@link MegaTemplate} has already logged it at
 * ERROR and counted it ({@code sqs.mega.publish.deferred{outcome=failed}}); listen with
 * {@code @EventListener} to store the payloads for a later attempt, or alert. For a guarantee that
 * survives crashes and outages, publish through Spring Modulith's event publication registry instead
 * (see the README).
 *
 * @param destination the destination the payloads were published to
 * @param payloads the payloads not sent, as given to {@code publish} / {@code publishAll}
 * @param options the options they were published with
 * @param failure why they were not sent
 */
public record AfterCommitPublishFailedEvent(String destination, List<?> payloads, PublishOptions options,
        Throwable failure) {

    /** Copies the payload list. */
    public AfterCommitPublishFailedEvent {
        Objects.requireNonNull(destination, "destination");
        payloads = List.copyOf(payloads);
    }
}
