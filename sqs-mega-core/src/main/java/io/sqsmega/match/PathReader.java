package io.sqsmega.match;

import java.util.Collections;
import java.util.List;

/**
 * Reads the values of a path from a message, as the match language sees them: none for a missing
 * path, one, or every element through {@code [*]}. Immutable and thread-safe.
 */
public final class PathReader {

    private final Expr.Path path;
    private final PathAccessor accessor;

    private PathReader(Expr.Path path) {
        if (!MatchCompiler.ROOTS.contains(path.root())) {
            throw new IllegalArgumentException("unknown root '" + path.root() + "'");
        }
        this.path = path;
        this.accessor = PathAccessor.of(path);
    }

    /**
     * @param path a path
     * @return its reader
     */
    public static PathReader of(Expr.Path path) {
        return new PathReader(path);
    }

    /**
     * @param input a message
     * @return the values at the path: empty when missing, several through {@code [*]} (JSON null
     *         is a value)
     */
    public List<Object> values(MatchInput input) {
        Object value = accessor.read(input);
        if (value == Values.MISSING) {
            return List.of();
        }
        return value instanceof Values.Many many ? many.values() : Collections.singletonList(value);
    }

    /** @return the path */
    public Expr.Path path() {
        return path;
    }
}
