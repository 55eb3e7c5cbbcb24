package io.sqsmega.match;

import io.sqsmega.codec.PayloadKind;
import java.util.Set;

/**
 * A compiled match expression: immutable, thread-safe, lock-free. Evaluation never throws on data,
 * except past the match budget ({@link MatchBudgetExceededException}).
 */
public final class Matcher {

    private final String expression;
    private final Expr tree;
    private final Evaluators.Condition condition;
    private final Set<PayloadKind> possibleKinds;

    Matcher(String expression, Expr tree, Evaluators.Condition condition, Set<PayloadKind> possibleKinds) {
        this.expression = expression;
        this.tree = tree;
        this.condition = condition;
        this.possibleKinds = Set.copyOf(possibleKinds);
    }

    /**
     * Evaluates the expression.
     *
     * @param input the message
     * @return {@link MatchResult#TRUE}, {@link MatchResult#FALSE}, or {@link MatchResult#UNDECIDED}
     *         when a user function threw
     * @throws MatchBudgetExceededException when the message would make one condition do more work
     *         than the match budget allows (then nothing was evaluated at length)
     */
    public MatchResult evaluate(MatchInput input) {
        return condition.test(input);
    }

    /**
     * @param input the message
     * @return {@code true} only when the evaluation is {@link MatchResult#TRUE}
     */
    public boolean matches(MatchInput input) {
        return evaluate(input) == MatchResult.TRUE;
    }

    /** @return the expression text as written (or rendered, for expressions built in code) */
    public String expression() {
        return expression;
    }

    /**
     * The tree the matcher evaluates, including the payload-kind guard added when it was compiled
     * for a listener's kind.
     *
     * @return the tree
     */
    public Expr tree() {
        return tree;
    }

    /** @return the payload kinds this matcher can ever be true for */
    public Set<PayloadKind> possibleKinds() {
        return possibleKinds;
    }

    @Override
    public String toString() {
        return "Matcher[" + expression + "]";
    }
}
