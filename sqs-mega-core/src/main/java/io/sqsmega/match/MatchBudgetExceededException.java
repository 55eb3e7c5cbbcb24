package io.sqsmega.match;

/**
 * A message whose evaluation would cost more than the match budget allows: more than
 * {@value Evaluators#MAX_COMBINATIONS} combinations of multi-valued values in one comparison or
 * function call, or a regular expression whose program size times the length of the text it is
 * given exceeds the bound of {@link Matcher#evaluate}. The work is refused before it is done, so a
 * body built to stall a consumer costs no more than a well-behaved one.
 *
 * <p>The cause is the message, not the expression or a listener: a consumer treats it like an
 * invalid body (its invalid policy, with {@link #reason()}), the same for every listener.
 */
public final class MatchBudgetExceededException extends RuntimeException {

    private final String reason;

    MatchBudgetExceededException(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** @return what would have cost too much, naming the part of the expression, e.g. for a dead letter */
    public String reason() {
        return reason;
    }
}
