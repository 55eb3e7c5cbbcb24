package io.sqsmega.spring.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/** {@link ObjectMapping} with a Jackson 2 {@link ObjectMapper}: the application's bean, or SQS MEGA's own. */
public final class Jackson2ObjectMapping implements ObjectMapping {

    private final ObjectMapper mapper;
    private final String description;

    /**
     * @param mapper the mapper
     * @param description which one, for the startup log
     */
    public Jackson2ObjectMapping(ObjectMapper mapper, String description) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.description = description;
    }

    @Override
    public Object bind(Map<String, Object> data, Type type) {
        return mapper.convertValue(data, mapper.constructType(type));
    }

    @Override
    public String write(Object value) {
        try {
            // NaN and infinities as bare tokens, which the encoder's read-back refuses, never as strings.
            return mapper.writer().without(JsonWriteFeature.WRITE_NAN_AS_STRINGS).writeValueAsString(value);
        }
        catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public String description() {
        return description;
    }
}
