package io.sqsmega.match;

import java.util.List;

/**
 * Why an expression is true, false or undecided on one message: every sub-condition with its
 * result and the values of the paths it reads, and the condition that decided the whole. Made by
 * {@link MatchCompiler#explain(String, MatchInput)} for people (the CLI's {@code match --explain});
 * listener containers never build one.
 *
 * @param expression the expression as written
 * @param root the whole expression's step
 */
public record Explanation(String expression, Step root) {

    /** @return the expression's result on the message */
    public MatchResult result() {
        return root.result();
    }

    /**
     * The first condition, in the order they are written, whose result made the whole result: the
     * first false operand of a false {@code &&}, the first true operand of a true {@code ||}
     * (followed down through {@code !}); the whole expression when every operand counted.
     *
     * @return the deciding step
     */
    public Step decidedBy() {
        return decide(root);
    }

    private static Step decide(Step step) {
        if (step.steps().isEmpty()) {
            return step;
        }
        if (step.kind() == Step.Kind.NOT) {
            return decide(step.steps().get(0));
        }
        MatchResult deciding = step.kind() == Step.Kind.AND && step.result() == MatchResult.FALSE ? MatchResult.FALSE
                : step.kind() == Step.Kind.OR && step.result() == MatchResult.TRUE ? MatchResult.TRUE
                : step.result() == MatchResult.UNDECIDED ? MatchResult.UNDECIDED : null;
        if (deciding == null) {
            return step;
        }
        for (Step operand : step.steps()) {
            if (operand.result() == deciding) {
                return decide(operand);
            }
        }
        return step;
    }

    /**
     * One condition of the expression.
     *
     * @param kind what it is: a logical operator or a condition on values
     * @param text the condition as printed
     * @param offset where it starts in the expression text, or -1 for an expression built in code
     * @param length how many characters of the expression text it spans (0 when unknown)
     * @param result its result on the message
     * @param values the paths it reads and their values on the message
     * @param steps its operands, for {@code &&}, {@code ||} and {@code !}
     * @param problem why it could not be evaluated (the match budget), or {@code null}
     */
    public record Step(Kind kind, String text, int offset, int length, MatchResult result, List<PathValue> values,
            List<Step> steps, String problem) {

        /** What a step is. */
        public enum Kind { AND, OR, NOT, CONDITION }

        /** Immutable lists. */
        public Step {
            values = List.copyOf(values);
            steps = List.copyOf(steps);
        }
    }

    /**
     * A path a condition reads and its value on the message.
     *
     * @param path the path as written
     * @param missing whether the message has nothing there
     * @param value the value as JSON text ({@code [...]} for the values of a {@code [*]}), or
     *        {@code null} when missing
     */
    public record PathValue(String path, boolean missing, String value) {
    }
}
