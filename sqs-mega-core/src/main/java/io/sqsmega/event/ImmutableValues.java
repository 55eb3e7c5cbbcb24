package io.sqsmega.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-preserving immutable copies of decoded document values (maps, lists and scalars).
 * Unlike {@link Map#copyOf} and {@link List#copyOf} these keep {@code null} values, which JSON
 * and BSON documents legitimately contain.
 */
public final class ImmutableValues {

    private ImmutableValues() {
    }

    /**
     * Copies a document.
     *
     * @param map the document, may be {@code null}
     * @return an unmodifiable deep copy, empty for {@code null}
     */
    public static Map<String, Object> copyOf(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Copies any value: maps and lists deeply, everything else as is.
     *
     * @param value the value
     * @return the immutable copy
     */
    @SuppressWarnings("unchecked")
    public static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copyOf((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
