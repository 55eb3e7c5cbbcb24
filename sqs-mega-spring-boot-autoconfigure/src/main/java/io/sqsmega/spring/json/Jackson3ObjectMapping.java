package io.sqsmega.spring.json;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@link ObjectMapping} with the application's Jackson 3 {@link JsonMapper} (Spring Boot 4's default). */
public final class Jackson3ObjectMapping implements ObjectMapping {

    private final JsonMapper mapper;

    /** @param mapper the application's mapper */
    public Jackson3ObjectMapping(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public Object bind(Map<String, Object> data, Type type) {
        try {
            return mapper.convertValue(data, mapper.constructType(type));
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
        }
    }

    @Override
    public String write(Object value) {
        try {
            // NaN and infinities as bare tokens, which the encoder's read-back refuses, never as strings.
            return mapper.writer().without(JsonWriteFeature.WRITE_NAN_AS_STRINGS).writeValueAsString(value);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
        }
    }

    /**
     * @param beanFactory the application's beans
     * @return a mapping with the application's {@link JsonMapper} bean, or {@code null} when it has none (or several)
     */
    public static ObjectMapping ofApplication(org.springframework.beans.factory.ListableBeanFactory beanFactory) {
        JsonMapper mapper = beanFactory.getBeanProvider(JsonMapper.class).getIfUnique();
        return mapper == null ? null : new Jackson3ObjectMapping(mapper);
    }

    @Override
    public String description() {
        return "the application's Jackson 3 JsonMapper";
    }
}
