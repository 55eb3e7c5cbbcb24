package io.sqsmega.match;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled form of an expression: a tree of immutable {@link Condition}s over
 * {@link Operand}s. Evaluation never throws on data; missing values make conditions false, paths
 * through {@code [*]} match when any element does, and a user function that throws makes the
 * result {@link MatchResult#UNDECIDED}.
 */
final class Evaluators {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluators.class);

    /** Bounds the work of a function over several multi-valued arguments. */
    static final int MAX_COMBINATIONS = 1024;

    private Evaluators() {
    }

    /** A truth-valued node. */
    interface Condition {
        MatchResult test(MatchInput input);
    }

    /** A value-valued node: a value, {@link Values#MISSING}, {@link Values#UNDECIDED} or {@link Values.Many}. */
    interface Operand {
        Object value(MatchInput input);
    }

    record Constant(Object value) implements Operand {
        @Override
        public Object value(MatchInput input) {
            return value;
        }
    }

    record PathOperand(PathAccessor accessor) implements Operand {
        @Override
        public Object value(MatchInput input) {
            return accessor.read(input);
        }
    }

    // ---- logic -------------------------------------------------------------------------------

    record Or(Condition[] operands) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            boolean undecided = false;
            for (Condition operand : operands) {
                MatchResult result = operand.test(input);
                if (result == MatchResult.TRUE) {
                    return result;
                }
                undecided |= result == MatchResult.UNDECIDED;
            }
            return undecided ? MatchResult.UNDECIDED : MatchResult.FALSE;
        }
    }

    record And(Condition[] operands) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            boolean undecided = false;
            for (Condition operand : operands) {
                MatchResult result = operand.test(input);
                if (result == MatchResult.FALSE) {
                    return result;
                }
                undecided |= result == MatchResult.UNDECIDED;
            }
            return undecided ? MatchResult.UNDECIDED : MatchResult.TRUE;
        }
    }

    record Not(Condition operand) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            return operand.test(input).not();
        }
    }

    /** A bare operand used as a condition: true when it is the boolean {@code true}. */
    record Truthy(Operand operand) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            return any(operand.value(input), Boolean.TRUE::equals);
        }
    }

    // ---- comparisons -------------------------------------------------------------------------

    record Compare(Operand left, Expr.Op op, Operand right) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            // A missing side makes the comparison false whatever the other side is, even undecided: the
            // other side is not evaluated then (rule 1), so no user function runs for nothing.
            Object l = left.value(input);
            if (l == Values.MISSING) {
                return MatchResult.FALSE;
            }
            Object r = right.value(input);
            if (r == Values.MISSING) {
                return MatchResult.FALSE;
            }
            if (l == Values.UNDECIDED || r == Values.UNDECIDED) {
                return MatchResult.UNDECIDED;
            }
            if (!(l instanceof Values.Many) && !(r instanceof Values.Many)) {
                return MatchResult.of(holds(l, r));
            }
            for (Object a : elements(l)) {
                for (Object b : elements(r)) {
                    if (a != Values.UNDECIDED && b != Values.UNDECIDED && holds(a, b)) {
                        return MatchResult.TRUE;
                    }
                }
            }
            return containsUndecided(l) || containsUndecided(r) ? MatchResult.UNDECIDED : MatchResult.FALSE;
        }

        private boolean holds(Object a, Object b) {
            return switch (op) {
                case EQ -> Values.equal(a, b);
                // Present and not equal: a type mismatch counts as not equal (anything-but).
                case NE -> !Values.equal(a, b);
                case LT -> lessThan(a, b, false);
                case LE -> lessThan(a, b, true);
                case GT -> lessThan(b, a, false);
                case GE -> lessThan(b, a, true);
            };
        }

        private static boolean lessThan(Object a, Object b, boolean orEqual) {
            Integer order = Values.order(a, b);
            return order != null && (order < 0 || (orEqual && order == 0));
        }
    }

    /** {@code x == null} (also true when x is missing) and {@code x != null} (present and not null). */
    record NullCheck(Operand operand, boolean equal) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            Object value = operand.value(input);
            if (equal && value == Values.MISSING) {
                return MatchResult.TRUE;
            }
            return any(value, equal ? v -> v == null : v -> v != null);
        }
    }

    record In(Operand operand, Set<String> strings, List<Object> others, boolean negated) implements Condition {

        static In of(Operand operand, List<Object> literals, boolean negated) {
            Set<String> strings = new HashSet<>();
            List<Object> others = new ArrayList<>();
            for (Object literal : literals) {
                if (literal instanceof String s) {
                    strings.add(s);
                }
                else {
                    others.add(literal);
                }
            }
            // null is a legitimate element ('x in [null, 1]'), which List.copyOf refuses.
            return new In(operand, Set.copyOf(strings), Collections.unmodifiableList(others), negated);
        }

        @Override
        public MatchResult test(MatchInput input) {
            return any(operand.value(input), negated ? v -> !isIn(v) : this::isIn);
        }

        private boolean isIn(Object value) {
            if (value instanceof String s) {
                // String against string is plain equality; a numeric string may still equal a number.
                if (strings.contains(s)) {
                    return true;
                }
                for (Object other : others) {
                    if (Values.equal(s, other)) {
                        return true;
                    }
                }
                return false;
            }
            for (String s : strings) {
                if (Values.equal(value, s)) {
                    return true;
                }
            }
            for (Object other : others) {
                if (Values.equal(value, other)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Matches(Operand operand, Pattern pattern, boolean negated) implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            return any(operand.value(input), v -> (v instanceof String s && pattern.matches(s)) != negated);
        }
    }

    // ---- functions ---------------------------------------------------------------------------

    record Exists(Operand operand) implements Operand {
        @Override
        public Object value(MatchInput input) {
            Object value = operand.value(input);
            return value == Values.UNDECIDED ? value : value != Values.MISSING;
        }
    }

    record Empty(Operand operand) implements Operand {
        @Override
        public Object value(MatchInput input) {
            Object value = operand.value(input);
            if (value == Values.UNDECIDED) {
                return value;
            }
            if (value instanceof Values.Many many) {
                return many.values().stream().anyMatch(Values::isEmpty);
            }
            return Values.isEmpty(value);
        }
    }

    /**
     * A built-in or user function applied element-wise to multi-valued arguments. A built-in's
     * result is missing when an argument is (so later arguments are not evaluated); a user function
     * gets {@code null} for a missing argument.
     */
    record Call(String name, Builtins.Body body, Operand[] arguments, boolean builtin) implements Operand {
        @Override
        public Object value(MatchInput input) {
            Object[] values = new Object[arguments.length];
            boolean many = false;
            boolean undecided = false;
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments[i].value(input);
                if (builtin && values[i] == Values.MISSING) {
                    return Values.MISSING;
                }
                undecided |= values[i] == Values.UNDECIDED;
                many |= values[i] instanceof Values.Many;
            }
            if (undecided) {
                return Values.UNDECIDED;
            }
            if (!many) {
                return body.apply(values);
            }
            List<Object> results = new ArrayList<>();
            combine(values, 0, new Object[values.length], results, new int[] {MAX_COMBINATIONS});
            results.removeIf(r -> r == Values.MISSING);
            return results.isEmpty() ? Values.MISSING : new Values.Many(results);
        }

        private void combine(Object[] values, int position, Object[] current, List<Object> results, int[] budget) {
            if (position == values.length) {
                if (budget[0]-- > 0) {
                    results.add(body.apply(current.clone()));
                }
                return;
            }
            for (Object element : elements(values[position])) {
                current[position] = element;
                combine(values, position + 1, current, results, budget);
                if (budget[0] <= 0) {
                    return;
                }
            }
        }
    }

    /** Adapts a user function: missing arguments arrive as null; a throw is undecided. */
    static Builtins.Body userFunction(MatchFunction function) {
        return args -> {
            List<Object> arguments = new ArrayList<>(args.length);
            for (Object arg : args) {
                arguments.add(arg == Values.MISSING ? null : arg);
            }
            try {
                return function.apply(arguments);
            }
            catch (Exception | LinkageError ex) {
                LOG.debug("Match function '{}' threw {}: the evaluation is undecided", function.name(), ex.toString());
                return Values.UNDECIDED;
            }
        };
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** True when the value (any element of a multi-value) satisfies the test; missing is false. */
    static MatchResult any(Object value, Predicate<Object> test) {
        if (value == Values.UNDECIDED) {
            return MatchResult.UNDECIDED;
        }
        if (value == Values.MISSING) {
            return MatchResult.FALSE;
        }
        if (value instanceof Values.Many many) {
            boolean undecided = false;
            for (Object element : many.values()) {
                if (element == Values.UNDECIDED) {
                    undecided = true;
                }
                else if (test.test(element)) {
                    return MatchResult.TRUE;
                }
            }
            return undecided ? MatchResult.UNDECIDED : MatchResult.FALSE;
        }
        return MatchResult.of(test.test(value));
    }

    private static List<Object> elements(Object value) {
        return value instanceof Values.Many many ? many.values() : Collections.singletonList(value);
    }

    private static boolean containsUndecided(Object value) {
        return value instanceof Values.Many many && many.values().contains(Values.UNDECIDED);
    }
}
