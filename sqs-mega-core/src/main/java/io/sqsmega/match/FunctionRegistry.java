package io.sqsmega.match;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user functions a {@link MatchCompiler} knows, by name. Immutable. Names may not shadow a
 * built-in function, a root or a keyword.
 */
public final class FunctionRegistry {

    private static final Set<String> RESERVED = Set.of("event", "object", "extra", "data", "text", "kind", "message",
            "sns", "and", "or", "not", "in", "matches", "true", "false", "null");

    private static final FunctionRegistry EMPTY = new FunctionRegistry(Map.of());

    private final Map<String, MatchFunction> functions;

    private FunctionRegistry(Map<String, MatchFunction> functions) {
        this.functions = functions;
    }

    /** @return a registry without user functions */
    public static FunctionRegistry empty() {
        return EMPTY;
    }

    /**
     * @param functions the functions
     * @return a registry of them
     * @throws IllegalArgumentException for a duplicate, reserved or built-in name
     */
    public static FunctionRegistry of(MatchFunction... functions) {
        return of(List.of(functions));
    }

    /**
     * @param functions the functions
     * @return a registry of them
     * @throws IllegalArgumentException for a duplicate, reserved or built-in name
     */
    public static FunctionRegistry of(Collection<? extends MatchFunction> functions) {
        Map<String, MatchFunction> byName = new LinkedHashMap<>();
        for (MatchFunction function : functions) {
            String name = function.name();
            if (Builtins.ARITIES.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is a built-in match function; choose another name");
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is reserved in the match language; choose another name");
            }
            if (byName.putIfAbsent(name, function) != null) {
                throw new IllegalArgumentException("Two match functions are named '" + name + "'");
            }
        }
        return new FunctionRegistry(Map.copyOf(byName));
    }

    /**
     * @param name a function name
     * @return the function, if registered
     */
    public Optional<MatchFunction> find(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** @return the registered names */
    public Set<String> names() {
        return functions.keySet();
    }
}
