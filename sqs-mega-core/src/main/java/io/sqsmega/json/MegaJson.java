package io.sqsmega.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Builds the Jackson {@link ObjectMapper}s SQS MEGA uses.
 *
 * <p>Date-time values are written as ISO-8601 strings (the protocol never uses numeric
 * timestamps), unknown properties are ignored when binding to POJOs (tolerant reader), a body
 * must hold exactly one JSON value, and nesting is limited so that a hostile body cannot
 * exhaust the stack.
 */
public final class MegaJson {

    /** The nesting depth readers accept by default (objects and arrays). */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** The nesting depth at which writing gives up; the encoder's own limit is stricter. */
    private static final int MAX_WRITE_DEPTH = 200;

    private static final ObjectMapper SHARED = newMapper(DEFAULT_MAX_DEPTH);

    private MegaJson() {
    }

    /**
     * The shared, default-configured mapper. Do not reconfigure it; call {@link #newMapper(int)}
     * for a private copy.
     *
     * @return the shared mapper
     */
    public static ObjectMapper mapper() {
        return SHARED;
    }

    /**
     * Creates a mapper with SQS MEGA's settings.
     *
     * @param maxDepth the maximum nesting depth accepted when reading
     * @return a new mapper
     */
    public static ObjectMapper newMapper(int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                // Writers stop well before the stack does, e.g. on a collection that contains itself.
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_WRITE_DEPTH).build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }
}
