package io.sqsmega.sample;

import io.sqsmega.spring.MegaMessage;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the sample's one line per handled message and records it in the {@link SampleLedger}.
 * The line shows what a listener saw, never the whole payload (payloads belong at DEBUG).
 */
@Component
public class HandlingLog {

    private static final Logger log = LoggerFactory.getLogger("sample");

    private final SampleLedger ledger;

    HandlingLog(SampleLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * A listener finished a message.
     *
     * @param message the message
     * @param listener the listener's name
     * @param summary what it did, in a few words
     */
    public void handled(MegaMessage message, String listener, String summary) {
        log.info("{} {} -> {}: {}", pad(message.queue()), pad(format(message)), listener, summary);
        ledger.handled(message.messageId(), listener);
    }

    /**
     * A listener asks to see the message again later.
     *
     * @param message the message
     * @param listener the listener's name
     * @param why the reason
     */
    public void retrying(MegaMessage message, String listener, String why) {
        log.info("{} {} -> {}: retry later, {} (receive #{})", pad(message.queue()), pad(format(message)), listener,
                why, message.receiveCount());
        ledger.retried(message.messageId());
    }

    private static String format(MegaMessage message) {
        return message.attributes().getOrDefault("mega-payload", message.kind().name().toLowerCase(Locale.ROOT));
    }

    private static String pad(String text) {
        return String.format("%-9s", text);
    }
}
