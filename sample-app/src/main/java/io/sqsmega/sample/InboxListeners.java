package io.sqsmega.sample;

import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The listeners of the {@code inbox} queue, one per payload kind that is not a MEGA event: the
 * parameter type says which kind a listener takes, the match expression which of those.
 */
@Component
public class InboxListeners {

    static final String SHIPMENTS = "shipments";
    static final String SUPPORT = "support";
    static final String NOTES = "notes";
    static final String ATTACHMENTS = "attachments";

    private final HandlingLog handlings;

    InboxListeners(HandlingLog handlings) {
        this.handlings = handlings;
    }

    /** A data object bound to a record. */
    @MegaListener(queue = "inbox", match = "data.carrier in ['DHL', 'UPS'] && data.status == 'delayed'")
    void shipmentDelayed(ShipmentUpdate update, MegaMessage message) {
        handlings.handled(message, SHIPMENTS, "shipment " + update.shipmentId() + " with " + update.carrier()
                + " delayed, now " + update.etaDays() + " days");
    }

    /** A data object as a map (here written as BSON). */
    @MegaListener(queue = "inbox", match = "data.priority == 'high' && data.tags contains 'billing'")
    void urgentTicket(Map<String, Object> ticket, MegaMessage message) {
        handlings.handled(message, SUPPORT, "ticket " + ticket.get("ticket") + " escalated: " + ticket.get("title"));
    }

    /** Plain text; RE2 regular expressions run in linear time whatever the input. */
    @MegaListener(queue = "inbox", match = "text matches '(?i).*warehouse [a-z] .*'")
    void warehouseNote(String note, MegaMessage message) {
        handlings.handled(message, NOTES, "note of " + note.length() + " characters about a warehouse");
    }

    /** Binary bytes; the SQS message attributes are names too. */
    @MegaListener(queue = "inbox", match = "endsWith(message.attributes.filename, '.pdf')")
    void attachment(byte[] document, MegaMessage message) {
        handlings.handled(message, ATTACHMENTS, message.attributes().get("filename") + ", " + document.length + " bytes");
    }
}
