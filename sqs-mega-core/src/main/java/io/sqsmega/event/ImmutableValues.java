package io.sqsmega.event;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * once, bottom-up as it is read ({@link #adoptFrozenValues}), and then shared by the event, its
 * sections and the payload without further copies.
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
     * Adopts a map whose values are all frozen already (scalars, or maps and lists returned by this
     * class): wraps it without looking at the values. For readers that build documents bottom-up,
     * where a per-value check would cost as much as the parse.
     *
     * @param owned a map exclusively owned by the caller, whose values are frozen
     * @return the frozen map
     */
    public static Map<String, Object> adoptFrozenValues(Map<String, Object> owned) {
        // Empty ones shared: a body of 1 MiB of {} would otherwise hold 29 MiB of empty maps.
        return owned.isEmpty() ? FrozenMap.EMPTY : new FrozenMap(owned);
    }

    /**
     * Adopts a list whose elements are all frozen already; see {@link #adoptFrozenValues(Map)}.
     *
     * @param owned a list exclusively owned by the caller, whose elements are frozen
     * @return the frozen list
     */
    public static List<Object> adoptFrozenElements(List<Object> owned) {
        if (owned.isEmpty()) {
            return FrozenList.EMPTY;
        }
        return new FrozenList(owned);
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

        static final FrozenList EMPTY = new FrozenList(Collections.emptyList());

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
