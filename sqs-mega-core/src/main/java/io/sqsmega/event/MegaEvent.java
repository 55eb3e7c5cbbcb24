package io.sqsmega.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqsmega.json.MegaJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable MEGA v1 event: an {@linkplain EventSection event section}, an optional
 * {@linkplain MegaObject object section} and free-form {@code extra} data.
 *
 * <p>Build one to publish:
 * <pre>{@code
 * MegaEvent event = MegaEvent.builder()
 *         .name("item.added")
 *         .timestampNow()
 *         .domain("shopping_cart")
 *         .attribute("item_id", "61fcc874")
 *         .attribute("quantity", 5)
 *         .object("shopping_cart", "18a3f92e", cart)
 *         .build();
 * }</pre>
 * Decoded events come from {@code io.sqsmega.codec.BodyDecoder}. Instances are thread-safe.
 */
public final class MegaEvent {

    /** The value of the {@code protocol} marker. */
    public static final String PROTOCOL = "mega";

    /** The protocol version this class implements. */
    public static final int PROTOCOL_VERSION = 1;

    private static final Pattern NAME = Pattern.compile("[a-z0-9._:\\-]+");

    private final EventSection event;
    private final MegaObject object;
    private final Map<String, Object> extra;

    /**
     * Creates an event from its sections. Readers use this constructor (it accepts anything a
     * tolerant reader accepts); writers should use {@link #builder()}, which also enforces the
     * writer's rules.
     *
     * @param event the event section, required
     * @param object the object section, or {@code null}
     * @param extra extra data, or {@code null} for none
     */
    public MegaEvent(EventSection event, MegaObject object, Map<String, ?> extra) {
        this.event = Objects.requireNonNull(event, "the event section is required");
        this.object = object;
        this.extra = ImmutableValues.copyOf(extra);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the event section */
    public EventSection event() {
        return event;
    }

    /** @return the object section, if present */
    public Optional<MegaObject> object() {
        return Optional.ofNullable(object);
    }

    /** @return extra data, empty when absent, unmodifiable */
    public Map<String, Object> extra() {
        return extra;
    }

    /** @return {@code event.name} */
    public String name() {
        return event.name();
    }

    /** @return {@code event.timestamp} */
    public Instant timestamp() {
        return event.timestamp();
    }

    /** @return {@code event.version} */
    public int version() {
        return event.version();
    }

    /** @return {@code event.domain}, or {@code null} when the event has none */
    public String domain() {
        return event.domain();
    }

    /** @return {@code event.subject}, or {@code null} when the event has none */
    public String subject() {
        return event.subject();
    }

    /** @return {@code event.publisher}, or {@code null} when the event has none */
    public String publisher() {
        return event.publisher();
    }

    /** @return {@code object.id}, the id of the object the event is about, or {@code null} without one */
    public String id() {
        return object == null ? null : object.id();
    }

    /** @return {@code event.attributes}, unmodifiable */
    public Map<String, Object> attributes() {
        return event.attributes();
    }

    /**
     * One attribute.
     *
     * @param key the attribute name
     * @return its value, or {@code null} when absent (or JSON null)
     */
    public Object attribute(String key) {
        return event.attribute(key);
    }

    /**
     * Binds {@code event.attributes} to a POJO (or record) with the default mapper.
     *
     * @param type the target type
     * @param <T> the target type
     * @return the bound value
     * @throws IllegalArgumentException when the attributes do not fit the type
     */
    public <T> T attributesAs(Class<T> type) {
        return attributesAs(type, MegaJson.mapper());
    }

    /**
     * Binds {@code event.attributes} to a POJO with the given mapper.
     *
     * @param type the target type
     * @param mapper the mapper
     * @param <T> the target type
     * @return the bound value
     * @throws IllegalArgumentException when the attributes do not fit the type
     */
    public <T> T attributesAs(Class<T> type, ObjectMapper mapper) {
        return bind(event.attributes(), type, mapper, "event.attributes");
    }

    /**
     * Binds {@code object.current} to a POJO with the default mapper.
     *
     * @param type the target type
     * @param <T> the target type
     * @return the bound value, empty when the event has no object section
     * @throws IllegalArgumentException when the state does not fit the type
     */
    public <T> Optional<T> currentAs(Class<T> type) {
        return currentAs(type, MegaJson.mapper());
    }

    /**
     * Binds {@code object.current} to a POJO with the given mapper.
     *
     * @param type the target type
     * @param mapper the mapper
     * @param <T> the target type
     * @return the bound value, empty when the event has no object section
     * @throws IllegalArgumentException when the state does not fit the type
     */
    public <T> Optional<T> currentAs(Class<T> type, ObjectMapper mapper) {
        return object().map(o -> bind(o.current(), type, mapper, "object.current"));
    }

    /**
     * Binds {@code object.previous} to a POJO with the default mapper.
     *
     * @param type the target type
     * @param <T> the target type
     * @return the bound value, empty when there is no previous state
     * @throws IllegalArgumentException when the state does not fit the type
     */
    public <T> Optional<T> previousAs(Class<T> type) {
        return previousAs(type, MegaJson.mapper());
    }

    /**
     * Binds {@code object.previous} to a POJO with the given mapper.
     *
     * @param type the target type
     * @param mapper the mapper
     * @param <T> the target type
     * @return the bound value, empty when there is no previous state
     * @throws IllegalArgumentException when the state does not fit the type
     */
    public <T> Optional<T> previousAs(Class<T> type, ObjectMapper mapper) {
        return object().flatMap(MegaObject::previousState).map(p -> bind(p, type, mapper, "object.previous"));
    }

    private static <T> T bind(Map<String, Object> source, Class<T> type, ObjectMapper mapper, String where) {
        try {
            return mapper.convertValue(source, type);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Cannot bind " + where + " to " + type.getName() + ": "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * The payload document as the protocol lays it out (field order of the specification,
     * defaults applied, timestamp as ISO-8601 text), ready for a JSON or BSON writer.
     *
     * @return a new mutable map
     */
    public Map<String, Object> toDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("protocol", PROTOCOL);
        document.put("version", PROTOCOL_VERSION);
        Map<String, Object> eventDoc = new LinkedHashMap<>();
        eventDoc.put("name", event.name());
        // Writers emit milliseconds (protocol): an event built with finer digits is sent without them.
        eventDoc.put("timestamp", Timestamps.format(event.timestamp().truncatedTo(ChronoUnit.MILLIS)));
        eventDoc.put("version", event.version());
        putIfNotNull(eventDoc, "domain", event.domain());
        putIfNotNull(eventDoc, "subject", event.subject());
        putIfNotNull(eventDoc, "publisher", event.publisher());
        eventDoc.put("attributes", event.attributes());
        document.put("event", eventDoc);
        if (object != null) {
            Map<String, Object> objectDoc = new LinkedHashMap<>();
            putIfNotNull(objectDoc, "type", object.type());
            putIfNotNull(objectDoc, "id", object.id());
            objectDoc.put("version", object.version());
            objectDoc.put("current", object.current());
            putIfNotNull(objectDoc, "previous", object.previous());
            document.put("object", objectDoc);
        }
        if (!extra.isEmpty()) {
            document.put("extra", extra);
        }
        return document;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof MegaEvent that && event.equals(that.event)
                && Objects.equals(object, that.object) && extra.equals(that.extra));
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, object, extra);
    }

    @Override
    public String toString() {
        // Names and shape only: payload values may be personal data and belong at DEBUG.
        return "MegaEvent[name=" + event.name() + ", timestamp=" + Timestamps.format(event.timestamp())
                + ", version=" + event.version() + ", attributes=" + event.attributes().keySet()
                + (object != null ? ", object=" + object.type() + "/" + object.id() : "") + "]";
    }

    /**
     * Builds {@link MegaEvent}s for publishing. {@link #build()} refuses an event a MEGA writer
     * must not emit, with a message that names the field.
     */
    public static final class Builder {

        private String name;
        private Instant timestamp;
        private int version = 1;
        private String domain;
        private String subject;
        private String publisher;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private MegaObject object;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param name the event name: lower-case letters, digits, {@code . - _ :}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * @param timestamp when the event happened; writers keep millisecond precision
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp == null ? null : timestamp.truncatedTo(ChronoUnit.MILLIS);
            return this;
        }

        /**
         * Sets the timestamp to now.
         *
         * @return this builder
         */
        public Builder timestampNow() {
            return timestamp(Instant.now());
        }

        /**
         * @param version the event schema version (default 1)
         * @return this builder
         */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /**
         * @param domain the business domain
         * @return this builder
         */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /**
         * @param subject what the event is about
         * @return this builder
         */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /**
         * @param publisher who publishes it
         * @return this builder
         */
        public Builder publisher(String publisher) {
            this.publisher = publisher;
            return this;
        }

        /**
         * Adds one attribute.
         *
         * @param key the name
         * @param value the value (JSON-compatible, or a POJO the encoder converts)
         * @return this builder
         */
        public Builder attribute(String key, Object value) {
            this.attributes.put(Objects.requireNonNull(key, "attribute name"), value);
            return this;
        }

        /**
         * Adds attributes.
         *
         * @param attributes names and values
         * @return this builder
         */
        public Builder attributes(Map<String, ?> attributes) {
            this.attributes.putAll(attributes);
            return this;
        }

        /**
         * Sets the object section.
         *
         * @param object the section, or {@code null} for none
         * @return this builder
         */
        public Builder object(MegaObject object) {
            this.object = object;
            return this;
        }

        /**
         * Sets the object section with version 1 and no previous state.
         *
         * @param type the entity type
         * @param id the entity id
         * @param current the current state
         * @return this builder
         */
        public Builder object(String type, String id, Map<String, ?> current) {
            return object(MegaObject.of(type, id, current));
        }

        /**
         * Adds one extra entry.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder extra(String key, Object value) {
            this.extra.put(Objects.requireNonNull(key, "extra name"), value);
            return this;
        }

        /**
         * Validates and builds the event.
         *
         * @return the event
         * @throws IllegalStateException naming the field when the event is not valid MEGA v1
         */
        public MegaEvent build() {
            if (name == null || name.isEmpty()) {
                throw new IllegalStateException("event.name is missing: call name(\"item.added\") before build()");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("event.name '" + name + "' is not a valid MEGA event name: "
                        + "use lower-case letters, digits, '.', '-', '_' and ':' (e.g. 'item.added')");
            }
            if (timestamp == null) {
                throw new IllegalStateException("event.timestamp is missing: call timestamp(Instant) or "
                        + "timestampNow() before build()");
            }
            if (version < 1) {
                throw new IllegalStateException("event.version must be 1 or more, got " + version);
            }
            for (String key : attributes.keySet()) {
                if (key.isEmpty()) {
                    throw new IllegalStateException("event.attributes has an empty attribute name");
                }
            }
            return new MegaEvent(new EventSection(name, timestamp, version, domain, subject, publisher, attributes),
                    object, extra);
        }
    }
}
