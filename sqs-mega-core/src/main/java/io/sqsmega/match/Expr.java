package io.sqsmega.match;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of a match expression. The parser and the {@link Match} builder produce the
 * same trees, so both compile to the same matcher. Nodes are immutable values.
 */
public sealed interface Expr permits Expr.Or, Expr.And, Expr.Not, Expr.Compare, Expr.In, Expr.Matches, Expr.Call,
        Expr.Path, Expr.Literal, Expr.ListLiteral {

    /** {@code a || b || ...} */
    record Or(List<Expr> operands) implements Expr {
        /** Copies the operands. */
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a && b && ...} */
    record And(List<Expr> operands) implements Expr {
        /** Copies the operands. */
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code !a} */
    record Not(Expr operand) implements Expr {
        /** Requires the operand. */
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code left OP right} for {@code == != < <= > >=}. */
    record Compare(Expr left, Op op, Expr right) implements Expr {
        /** Requires all parts. */
        public Compare {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code value in [..]} or {@code value not in [..]}. */
    record In(Expr value, ListLiteral list, boolean negated) implements Expr {
        /** Requires all parts. */
        public In {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(list, "list");
        }
    }

    /** {@code value matches 're'} or {@code value not matches 're'}. */
    record Matches(Expr value, String regex, boolean negated) implements Expr {
        /** Requires all parts. */
        public Matches {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(regex, "regex");
        }
    }

    /**
     * A function call; the infix forms {@code a contains b}, {@code a startsWith b} and
     * {@code a endsWith b} are calls of the same functions.
     */
    record Call(String name, List<Expr> arguments) implements Expr {
        /** Copies the arguments. */
        public Call {
            Objects.requireNonNull(name, "name");
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * A path into the message: a root ({@code event}, {@code data}, ...) and segments.
     */
    record Path(String root, List<Segment> segments) implements Expr {
        /** Copies the segments. */
        public Path {
            Objects.requireNonNull(root, "root");
            segments = List.copyOf(segments);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(root);
            segments.forEach(segment -> text.append(segment.render()));
            return text.toString();
        }
    }

    /**
     * A literal: {@link String}, {@link BigDecimal}, {@link Boolean}, {@code null}, an
     * {@link Instant} ({@code datetime()}) or a {@link LocalDate} ({@code date()}).
     */
    record Literal(Object value) implements Expr {
        /** Checks the value type. */
        public Literal {
            if (value != null && !(value instanceof String || value instanceof BigDecimal || value instanceof Boolean
                    || value instanceof Instant || value instanceof LocalDate)) {
                throw new IllegalArgumentException("Unsupported literal type " + value.getClass().getName());
            }
        }
    }

    /** {@code ['a', 'b']}: only after {@code in}. */
    record ListLiteral(List<Literal> elements) implements Expr {
        /** Copies the elements. */
        public ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** The comparison operators. */
    enum Op {
        /** {@code ==} */
        EQ("=="),
        /** {@code !=} */
        NE("!="),
        /** {@code <} */
        LT("<"),
        /** {@code <=} */
        LE("<="),
        /** {@code >} */
        GT(">"),
        /** {@code >=} */
        GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** @return the operator as written */
        public String symbol() {
            return symbol;
        }
    }

    /** One step of a {@link Path}. */
    sealed interface Segment permits Segment.Key, Segment.Index, Segment.Wildcard {

        /** @return the segment as written after the root */
        String render();

        /** {@code .name} or {@code ['odd-key']} */
        record Key(String name) implements Segment {
            /** Requires the name. */
            public Key {
                Objects.requireNonNull(name, "name");
            }

            @Override
            public String render() {
                return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + name : "[" + ExprPrinter.quote(name) + "]";
            }
        }

        /** {@code [0]} */
        record Index(int index) implements Segment {
            /** Requires a non-negative index. */
            public Index {
                if (index < 0) {
                    throw new IllegalArgumentException("index must not be negative, got " + index);
                }
            }

            @Override
            public String render() {
                return "[" + index + "]";
            }
        }

        /** {@code [*]}: every element of a list (or value of a map). */
        record Wildcard() implements Segment {
            @Override
            public String render() {
                return "[*]";
            }
        }
    }
}
