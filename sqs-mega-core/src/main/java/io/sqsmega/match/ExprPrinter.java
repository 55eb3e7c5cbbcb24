package io.sqsmega.match;

import io.sqsmega.event.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Collectors;

/**
 * Renders an {@link Expr} as match-language text that parses back to the same tree.
 */
final class ExprPrinter {

    private ExprPrinter() {
    }

    static String render(Expr expr) {
        if (expr instanceof Expr.Or or) {
            return or.operands().stream().map(ExprPrinter::render).collect(Collectors.joining(" || "));
        }
        if (expr instanceof Expr.And and) {
            return and.operands().stream().map(o -> o instanceof Expr.Or ? "(" + render(o) + ")" : render(o))
                    .collect(Collectors.joining(" && "));
        }
        if (expr instanceof Expr.Not not) {
            Expr operand = not.operand();
            boolean simple = operand instanceof Expr.Path || operand instanceof Expr.Call || operand instanceof Expr.Not
                    || operand instanceof Expr.Literal;
            return "!" + (simple ? render(operand) : "(" + render(operand) + ")");
        }
        if (expr instanceof Expr.Compare compare) {
            return operand(compare.left()) + " " + compare.op().symbol() + " " + operand(compare.right());
        }
        if (expr instanceof Expr.In in) {
            return operand(in.value()) + (in.negated() ? " not in " : " in ") + render(in.list());
        }
        if (expr instanceof Expr.Matches matches) {
            return operand(matches.value()) + (matches.negated() ? " not matches " : " matches ") + quote(matches.regex());
        }
        if (expr instanceof Expr.Call call) {
            return call.name() + "(" + call.arguments().stream().map(ExprPrinter::operand)
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (expr instanceof Expr.Path path) {
            return path.toString();
        }
        if (expr instanceof Expr.ListLiteral list) {
            return list.elements().stream().map(ExprPrinter::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return literal(((Expr.Literal) expr).value());
    }

    private static String operand(Expr expr) {
        boolean condition = expr instanceof Expr.Or || expr instanceof Expr.And || expr instanceof Expr.Not
                || expr instanceof Expr.Compare || expr instanceof Expr.In || expr instanceof Expr.Matches;
        return condition ? "(" + render(expr) + ")" : render(expr);
    }

    private static String literal(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof BigDecimal number) {
            return number.toString();
        }
        if (value instanceof LocalDate date) {
            return "date('" + date + "')";
        }
        if (value instanceof Instant instant) {
            return "datetime('" + Timestamps.format(instant) + "')";
        }
        return value.toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> quoted.append("\\'");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                case '\\' -> {
                    // A backslash before a character with no escape meaning stays as written (regexes).
                    char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                    quoted.append("nrt\\'\"u".indexOf(next) >= 0 || next == 0 ? "\\\\" : "\\");
                }
                default -> quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
