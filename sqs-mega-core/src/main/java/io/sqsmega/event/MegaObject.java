package io.sqsmega.event;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The optional {@code object} section of a MEGA payload: the entity the event changed, with its
 * state after ({@code current}) and, optionally, before ({@code previous}) the event.
 *
 * @param type the entity type, or {@code null}
 * @param id the entity id as text (a numeric id keeps its text), or {@code null}
 * @param version the entity version, 1 when the payload does not say
 * @param current the state after the event, required, unmodifiable
 * @param previous the state before the event, or {@code null}, unmodifiable
 */
public record MegaObject(String type, String id, int version, Map<String, Object> current,
        Map<String, Object> previous) {

    /**
     * Validates and freezes the section.
     */
    public MegaObject {
        Objects.requireNonNull(current, "object.current is required when an object section is present");
        if (version < 0) {
            throw new IllegalArgumentException("object.version must not be negative, got " + version);
        }
        current = ImmutableValues.copyOf(current);
        previous = previous == null ? null : ImmutableValues.copyOf(previous);
    }

    /**
     * Creates an object section with version 1 and no previous state.
     *
     * @param type the entity type
     * @param id the entity id
     * @param current the current state
     * @return the section
     */
    public static MegaObject of(String type, String id, Map<String, ?> current) {
        return new MegaObject(type, id, 1, ImmutableValues.copyOf(current), null);
    }

    /**
     * The previous state.
     *
     * @return the state before the event, if the payload carries it
     */
    public Optional<Map<String, Object>> previousState() {
        return Optional.ofNullable(previous);
    }
}
