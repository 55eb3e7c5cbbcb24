package io.sqsmega.match;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A function users register by name to call from match expressions, e.g. {@code isVip(event.subject)}.
 * It must be a pure function of its evaluated arguments: it receives strings, numbers, booleans,
 * lists, maps, date-times ({@link java.time.Instant}) or {@code null} (for JSON null and for
 * missing paths). If it throws, the evaluation is {@link MatchResult#UNDECIDED} and the message is
 * kept for redelivery. Used as a condition, the function matches when it returns
 * {@link Boolean#TRUE}; its result can also be compared ({@code tier(event.subject) == 'gold'}).
 */
public interface MatchFunction {

    /** The {@link #arity()} of a function that takes any number of arguments. */
    int VARIABLE_ARITY = -1;

    /** @return the name used in expressions: letters, digits and {@code _}, not starting with a digit */
    String name();

    /** @return the number of arguments it takes, or {@link #VARIABLE_ARITY} */
    int arity();

    /**
     * Computes the result.
     *
     * @param arguments the evaluated arguments, {@link #arity()} of them
     * @return the result
     * @throws Exception any failure: the evaluation becomes undecided
     */
    Object apply(List<Object> arguments) throws Exception;

    /**
     * A function from a lambda.
     *
     * @param name the name
     * @param arity the number of arguments, or {@link #VARIABLE_ARITY}
     * @param body the computation
     * @return the function
     */
    static MatchFunction of(String name, int arity, Function<List<Object>, Object> body) {
        Objects.requireNonNull(body, "body");
        return new Simple(name, arity, body);
    }

    /** A function made by {@link #of}. */
    record Simple(String name, int arity, Function<List<Object>, Object> body) implements MatchFunction {

        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        /** Validates the name and arity. */
        public Simple {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("A match function name must be letters, digits and '_', "
                        + "not starting with a digit; got '" + name + "'");
            }
            if (arity < VARIABLE_ARITY) {
                throw new IllegalArgumentException("arity must be 0 or more, or VARIABLE_ARITY; got " + arity);
            }
        }

        @Override
        public Object apply(List<Object> arguments) {
            return body.apply(arguments);
        }
    }
}
