package io.sqsmega.match;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds match expressions in code, for subscriptions made at run time. The trees are the same as
 * the parser's, so {@code Match.path("event.name").eq("x")} compiles to the same matcher as
 * {@code "event.name == 'x'"}:
 * <pre>{@code
 * Expr expr = Match.allOf(
 *         Match.path("event.name").in("item.added", "item.removed"),
 *         Match.path("event.quantity").gt(0),
 *         Match.path("event.subject").startsWith("user-"));
 * Matcher matcher = MatchCompiler.create().compile(expr, PayloadKind.MEGA);
 * }</pre>
 * Names, arities and regular expressions are checked when the tree is compiled.
 */
public final class Match {

    private Match() {
    }

    /**
     * Renders an expression as match-language text that compiles back to the same tree, e.g. a
     * matcher's {@link Matcher#tree()} with its payload-kind guard.
     *
     * @param expression the tree
     * @return the text
     */
    public static String render(Expr expression) {
        return ExprPrinter.render(expression);
    }

    /**
     * A path, written as in the language: {@code event.attributes.quantity},
     * {@code data.items[*].price}, {@code data['odd-key']}.
     *
     * @param path the path text
     * @return a builder for conditions on it
     * @throws MatchCompileException when the text is not a path
     */
    public static Operand path(String path) {
        Parser.Parsed parsed = Parser.parse(path);
        if (!(parsed.expr() instanceof Expr.Path p)) {
            throw new MatchCompileException(path, "not a path", null, "write e.g. event.name or data.items[0].id");
        }
        return new Operand(p);
    }

    /**
     * A literal value: a string, a number, a boolean, {@code null}, a {@link LocalDate}
     * ({@code date()}) or an {@link Instant} ({@code datetime()}).
     *
     * @param value the value
     * @return the literal
     */
    public static Operand literal(Object value) {
        return new Operand(toLiteral(value));
    }

    /**
     * A function call, built-in or registered.
     *
     * @param name the function name
     * @param arguments the arguments
     * @return the call, usable as a condition or compared
     */
    public static Operand call(String name, Operand... arguments) {
        return new Operand(new Expr.Call(name, Arrays.stream(arguments).map(Operand::expr).toList()));
    }

    /**
     * @param conditions conditions
     * @return all of them
     */
    public static Expr allOf(Expr... conditions) {
        return conditions.length == 1 ? conditions[0] : new Expr.And(List.of(conditions));
    }

    /**
     * @param conditions conditions
     * @return any of them
     */
    public static Expr anyOf(Expr... conditions) {
        return conditions.length == 1 ? conditions[0] : new Expr.Or(List.of(conditions));
    }

    /**
     * @param condition a condition
     * @return its negation
     */
    public static Expr not(Expr condition) {
        return new Expr.Not(condition);
    }

    private static Expr.Literal toLiteral(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Instant
                || value instanceof LocalDate) {
            return new Expr.Literal(value);
        }
        if (value instanceof BigDecimal decimal) {
            return new Expr.Literal(decimal);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return new Expr.Literal(BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value instanceof BigInteger integer) {
            return new Expr.Literal(new BigDecimal(integer));
        }
        if (value instanceof Double || value instanceof Float) {
            return new Expr.Literal(new BigDecimal(value.toString()));
        }
        throw new IllegalArgumentException("A match literal must be a string, number, boolean, null, LocalDate or "
                + "Instant; got " + value.getClass().getName());
    }

    /**
     * A path, literal or call, with the operators of the language.
     *
     * @param expr the operand's tree
     */
    public record Operand(Expr expr) {

        /** @param value the value @return {@code this == value} */
        public Expr eq(Object value) {
            return compare(Expr.Op.EQ, value);
        }

        /** @param value the value @return {@code this != value} */
        public Expr ne(Object value) {
            return compare(Expr.Op.NE, value);
        }

        /** @param value the value @return {@code this < value} */
        public Expr lt(Object value) {
            return compare(Expr.Op.LT, value);
        }

        /** @param value the value @return {@code this <= value} */
        public Expr le(Object value) {
            return compare(Expr.Op.LE, value);
        }

        /** @param value the value @return {@code this > value} */
        public Expr gt(Object value) {
            return compare(Expr.Op.GT, value);
        }

        /** @param value the value @return {@code this >= value} */
        public Expr ge(Object value) {
            return compare(Expr.Op.GE, value);
        }

        /** @param values the values @return {@code this in [values]} */
        public Expr in(Object... values) {
            return new Expr.In(expr, list(values), false);
        }

        /** @param values the values @return {@code this not in [values]} */
        public Expr notIn(Object... values) {
            return new Expr.In(expr, list(values), true);
        }

        /** @param regex an RE2 regular expression @return {@code this matches 'regex'} */
        public Expr matches(String regex) {
            return new Expr.Matches(expr, regex, false);
        }

        /** @param regex an RE2 regular expression @return {@code this not matches 'regex'} */
        public Expr notMatches(String regex) {
            return new Expr.Matches(expr, regex, true);
        }

        /** @param value an element or substring @return {@code this contains value} */
        public Expr contains(Object value) {
            return new Expr.Call("contains", List.of(expr, operand(value)));
        }

        /** @param prefix the prefix @return {@code this startsWith prefix} */
        public Expr startsWith(Object prefix) {
            return new Expr.Call("startsWith", List.of(expr, operand(prefix)));
        }

        /** @param suffix the suffix @return {@code this endsWith suffix} */
        public Expr endsWith(Object suffix) {
            return new Expr.Call("endsWith", List.of(expr, operand(suffix)));
        }

        /**
         * This operand as a condition: a call of a boolean function, or a path that holds
         * {@code true}.
         *
         * @return the condition
         */
        public Expr asCondition() {
            return expr;
        }

        /** @return {@code exists(this)} */
        public Expr exists() {
            return new Expr.Call("exists", List.of(expr));
        }

        /** @return {@code empty(this)} */
        public Expr isEmpty() {
            return new Expr.Call("empty", List.of(expr));
        }

        private Expr compare(Expr.Op op, Object value) {
            return new Expr.Compare(expr, op, operand(value));
        }

        private static Expr operand(Object value) {
            return value instanceof Operand operand ? operand.expr() : toLiteral(value);
        }

        private static Expr.ListLiteral list(Object... values) {
            List<Expr.Literal> literals = new ArrayList<>();
            for (Object value : values) {
                literals.add(toLiteral(value));
            }
            return new Expr.ListLiteral(literals);
        }
    }

    /**
     * @param left a condition
     * @param right another
     * @return {@code left && right}, flattened
     */
    public static Expr and(Expr left, Expr right) {
        List<Expr> operands = new ArrayList<>();
        add(operands, left, Expr.And.class);
        add(operands, right, Expr.And.class);
        return new Expr.And(operands);
    }

    /**
     * @param left a condition
     * @param right another
     * @return {@code left || right}, flattened
     */
    public static Expr or(Expr left, Expr right) {
        List<Expr> operands = new ArrayList<>();
        add(operands, left, Expr.Or.class);
        add(operands, right, Expr.Or.class);
        return new Expr.Or(operands);
    }

    private static void add(List<Expr> operands, Expr expr, Class<? extends Expr> flatten) {
        if (flatten.isInstance(expr)) {
            operands.addAll(expr instanceof Expr.And and ? and.operands() : ((Expr.Or) expr).operands());
        }
        else {
            operands.add(expr);
        }
    }
}
