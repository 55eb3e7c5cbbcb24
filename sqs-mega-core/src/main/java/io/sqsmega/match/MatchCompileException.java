package io.sqsmega.match;

/**
 * A match expression that cannot be compiled. The message quotes the expression line, points at
 * the column with a caret and gives a hint:
 * <pre>
 * unknown function 'strtsWith' at line 1, column 1
 *   strtsWith(event.name, 'user.')
 *   ^^^^^^^^^
 * hint: did you mean 'startsWith'?
 * </pre>
 */
public final class MatchCompileException extends RuntimeException {

    private final String expression;
    private final String problem;
    private final int line;
    private final int column;
    private final String hint;

    MatchCompileException(String expression, String problem, Span span, String hint) {
        super(format(expression, problem, span, hint));
        this.expression = expression;
        this.problem = problem;
        this.line = span == null ? 0 : span.line();
        this.column = span == null ? 0 : span.column();
        this.hint = hint;
    }

    /** @return the expression as given (its rendering, for expressions built in code) */
    public String expression() {
        return expression;
    }

    /** @return what is wrong, without position or hint */
    public String problem() {
        return problem;
    }

    /** @return the 1-based line of the problem, 0 when unknown (expressions built in code) */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the problem, 0 when unknown */
    public int column() {
        return column;
    }

    /** @return how to fix it, or {@code null} */
    public String hint() {
        return hint;
    }

    private static String format(String expression, String problem, Span span, String hint) {
        StringBuilder message = new StringBuilder(problem);
        if (span != null) {
            message.append(" at line ").append(span.line()).append(", column ").append(span.column());
            String[] lines = expression.split("\n", -1);
            String text = span.line() - 1 < lines.length ? lines[span.line() - 1] : "";
            message.append("\n  ").append(text.replace('\t', ' ')).append("\n  ")
                    .append(" ".repeat(Math.max(0, span.column() - 1)))
                    .append("^".repeat(Math.max(1, Math.min(span.length(), text.length() - span.column() + 1))));
        }
        else {
            message.append(" in: ").append(expression);
        }
        if (hint != null) {
            message.append("\nhint: ").append(hint);
        }
        return message.toString();
    }
}
