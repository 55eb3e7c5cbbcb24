package io.sqsmega.match;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled form of an expression: a tree of immutable {@link Condition}s over
 * {@link Operand}s. Evaluation throws on data only past the match budget
 * ({@link MatchBudgetExceededException}); missing values make conditions false, paths
 * through {@code [*]} match when any element does, and a user function that throws makes the
 * result {@link MatchResult#UNDECIDED}.
 */
final class Evaluators {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluators.class);

    /**
     * The most combinations of multi-valued values one comparison or one function call may
     * evaluate ({@code a[*] == b[*]} compares every element of one with every element of the other).
     */
    static final int MAX_COMBINATIONS = 1024;

    /**
     * Bounds one regular-expression evaluation: its program size (estimated at compile time) times
     * the characters it reads may be at most this plus {@link #REGEX_STEPS_PER_CHARACTER} per
     * character. RE2J's worst case runs at 4 to 16 ns a step here, so the bound is about 50 ms plus
     * 1 ms per KiB of text; a pattern of up to 60 instructions is never refused.
     */
    static final long REGEX_STEPS = 3_000_000;

    /** The steps a regular expression may take per character read, above {@link #REGEX_STEPS}. */
    static final long REGEX_STEPS_PER_CHARACTER = 60;

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

    record Compare(Operand left, Expr.Op op, Operand right, String source) implements Condition {
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
            if (l instanceof Values.Many left && r instanceof Values.Many right) {
                // One multi-valued side is linear in the body; two multiply.
                checkCombinations(source, saturatedProduct(left.values().size(), right.values().size()));
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

    /**
     * {@code x matches 'regex'}; {@code programSize} is the compile-time estimate the regular
     * expression's work is bounded by.
     */
    record Matches(Operand operand, Pattern pattern, boolean negated, long programSize, String source)
            implements Condition {
        @Override
        public MatchResult test(MatchInput input) {
            Object value = operand.value(input);
            long characters = 0;
            for (Object element : elements(value)) {
                characters += element instanceof String s ? s.length() : 0;
            }
            // RE2J runs in time linear in program size × text length: refuse the work before doing it.
            if (programSize * characters > REGEX_STEPS + REGEX_STEPS_PER_CHARACTER * characters) {
                throw new MatchBudgetExceededException(String.format(Locale.ROOT, "%s would take about %,d steps on "
                        + "%,d characters (a program of about %,d instructions), more than the %,d + %d per character "
                        + "allowed", source, programSize * characters, characters, programSize, REGEX_STEPS,
                        REGEX_STEPS_PER_CHARACTER));
            }
            return any(value, v -> (v instanceof String s && pattern.matches(s)) != negated);
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
    record Call(String name, Builtins.Body body, Operand[] arguments, boolean builtin, String source)
            implements Operand {
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
            long combinations = 1;
            int multiValued = 0;
            for (Object value : values) {
                if (value instanceof Values.Many list) {
                    combinations = saturatedProduct(combinations, list.values().size());
                    multiValued++;
                }
            }
            if (multiValued > 1) {
                // One [*] argument is linear in the body; two or more multiply.
                checkCombinations(source, combinations);
            }
            List<Object> results = new ArrayList<>();
            combine(values, 0, new Object[values.length], results);
            results.removeIf(r -> r == Values.MISSING);
            return results.isEmpty() ? Values.MISSING : new Values.Many(results);
        }

        private void combine(Object[] values, int position, Object[] current, List<Object> results) {
            if (position == values.length) {
                results.add(body.apply(current.clone()));
                return;
            }
            for (Object element : elements(values[position])) {
                current[position] = element;
                combine(values, position + 1, current, results);
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

    private static long saturatedProduct(long a, long b) {
        long product = a * b;
        return Math.multiplyHigh(a, b) != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    private static void checkCombinations(String source, long combinations) {
        if (combinations > MAX_COMBINATIONS) {
            throw new MatchBudgetExceededException(String.format(Locale.ROOT, "%s would evaluate %,d combinations of "
                    + "multi-valued values, more than the %,d allowed", source, combinations, MAX_COMBINATIONS));
        }
    }

    private static List<Object> elements(Object value) {
        return value instanceof Values.Many many ? many.values() : Collections.singletonList(value);
    }

    private static boolean containsUndecided(Object value) {
        return value instanceof Values.Many many && many.values().contains(Values.UNDECIDED);
    }
}
