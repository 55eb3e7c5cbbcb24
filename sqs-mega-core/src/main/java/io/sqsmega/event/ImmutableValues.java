package io.sqsmega.event;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Deep, order-preserving immutable document values (maps, lists and scalars). Unlike
 * {@link Map#copyOf} and {@link List#copyOf} these keep {@code null} values, which JSON and BSON
 * documents legitimately contain.
 *
 * <p>Frozen values are marked, so freezing one again costs nothing: a decoded document is frozen
 * once and then shared by the event, its sections and the payload without further copies.
 */
public final class ImmutableValues {

    private ImmutableValues() {
    }

    /**
     * A deep immutable copy of a document.
     *
     * @param map the document, may be {@code null}
     * @return the frozen document, empty for {@code null}; {@code map} itself when already frozen
     */
    public static Map<String, Object> copyOf(Map<String, ?> map) {
        if (map instanceof FrozenMap frozen) {
            return frozen;
        }
        if (map == null || map.isEmpty()) {
            return FrozenMap.EMPTY;
        }
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        map.forEach((key, value) -> copy.put(String.valueOf(key), copyValue(value)));
        return new FrozenMap(copy);
    }

    /**
     * A deep immutable copy of any value: maps and lists deeply, everything else as is.
     *
     * @param value the value
     * @return the frozen value; {@code value} itself when already frozen or a scalar
     */
    @SuppressWarnings("unchecked")
    public static Object copyValue(Object value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return copyOf((Map<String, ?>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(copyValue(element));
            }
            return new FrozenList(copy);
        }
        return value;
    }

    /**
     * Freezes a document <em>in place</em>, without copying: nested maps and lists are wrapped.
     * Only for a document the caller has just built and no one else references (a freshly parsed
     * body); anyone still holding the original could change the frozen view.
     *
     * @param owned the document, exclusively owned by the caller; nested maps must be
     *        {@link LinkedHashMap}s or other maps whose entries support {@code setValue}
     * @return the frozen document
     */
    public static Map<String, Object> freezeOwned(Map<String, Object> owned) {
        for (Map.Entry<String, Object> entry : owned.entrySet()) {
            Object value = entry.getValue();
            Object frozen = freezeOwnedValue(value);
            if (frozen != value) {
                entry.setValue(frozen);
            }
        }
        return new FrozenMap(owned);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeOwnedValue(Object value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return freezeOwned((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            ListIterator<Object> elements = ((List<Object>) list).listIterator();
            while (elements.hasNext()) {
                Object element = elements.next();
                Object frozen = freezeOwnedValue(element);
                if (frozen != element) {
                    elements.set(frozen);
                }
            }
            return new FrozenList((List<Object>) list);
        }
        return value;
    }

    /** An unmodifiable, order-preserving document view that marks its content as frozen. */
    private static final class FrozenMap extends AbstractMap<String, Object> {

        static final FrozenMap EMPTY = new FrozenMap(Collections.emptyMap());

        private final Map<String, Object> map;

        FrozenMap(Map<String, Object> map) {
            this.map = map;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return Collections.unmodifiableMap(map).entrySet();
        }

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<String> keySet() {
            return Collections.unmodifiableSet(map.keySet());
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            map.forEach(action);
        }
    }

    /** An unmodifiable list view that marks its content as frozen. */
    private static final class FrozenList extends AbstractList<Object> implements RandomAccess {

        private final List<Object> list;

        FrozenList(List<Object> list) {
            this.list = list;
        }

        @Override
        public Object get(int index) {
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
