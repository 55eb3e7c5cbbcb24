package io.sqsmega.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code event} section of a MEGA payload: what happened, when, and the attributes listeners
 * match on.
 *
 * <p>The constructor enforces what every MEGA event must have (a non-blank name and a
 * timestamp); {@link MegaEvent.Builder} additionally enforces what writers must emit (the name
 * alphabet, millisecond timestamps).
 *
 * @param name the event name, e.g. {@code item.added}
 * @param timestamp when the event happened
 * @param version the event schema version, 1 when the payload does not say
 * @param domain the business domain, or {@code null}
 * @param subject what the event is about (e.g. a user id), or {@code null}
 * @param publisher who published it, or {@code null}
 * @param attributes application attributes, never {@code null}, unmodifiable
 */
public record EventSection(String name, Instant timestamp, int version, String domain, String subject,
        String publisher, Map<String, Object> attributes) {

    /** The keys of the event section defined by the protocol; any other key is an attribute. */
    public static final java.util.Set<String> STANDARD_FIELDS = java.util.Set.of("name", "timestamp", "version",
            "domain", "subject", "publisher", "attributes");

    /**
     * Validates and freezes the section.
     */
    public EventSection {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event.name is required and must not be blank");
        }
        Objects.requireNonNull(timestamp, "event.timestamp is required");
        if (version < 0) {
            throw new IllegalArgumentException("event.version must not be negative, got " + version);
        }
        attributes = ImmutableValues.copyOf(attributes);
    }

    /**
     * One attribute.
     *
     * @param key the attribute name
     * @return its value, or {@code null} when absent (or JSON null)
     */
    public Object attribute(String key) {
        return attributes.get(key);
    }
}
