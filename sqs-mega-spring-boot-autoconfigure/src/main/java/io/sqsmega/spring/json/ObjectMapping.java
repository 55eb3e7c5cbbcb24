package io.sqsmega.spring.json;

import java.lang.reflect.Type;
import java.util.Map;

/**
 * How data objects meet the application's own types: a received data object bound to a listener's
 * record or POJO parameter, and a record or POJO written as the JSON of a published data object. The
 * auto-configuration uses the application's JSON mapper (Jackson 3's {@code JsonMapper} bean, which
 * {@code spring.jackson.*} configures, else a Jackson 2 {@code ObjectMapper} bean, else SQS MEGA's
 * own), so naming strategies, modules and date formats apply to messages as they do to the rest of the
 * application. Declare a bean of this type to choose otherwise.
 */
public interface ObjectMapping {

    /**
     * @param data a decoded data object
     * @param type the parameter's type
     * @return the data bound to that type
     * @throws IllegalArgumentException when it does not bind, saying why
     */
    Object bind(Map<String, Object> data, Type type);

    /**
     * @param value a record, POJO or map to publish as a data object
     * @return its JSON text
     * @throws IllegalArgumentException when it cannot be written, saying why
     */
    String write(Object value);

    /** @return which mapper this is, for the startup log */
    String description();
}
