package io.sqsmega.match;

/**
 * The outcome of evaluating a match expression: three-valued, because a user function that throws
 * leaves the answer open. {@code &&}, {@code ||} and {@code !} follow Kleene's logic: {@code false
 * && undecided} is false, {@code true || undecided} is true, anything else with undecided is
 * undecided.
 */
public enum MatchResult {

    /** The message matches. */
    TRUE,
    /** The message does not match. */
    FALSE,
    /** A user function threw: the message must be kept for redelivery, never dropped unseen. */
    UNDECIDED;

    static MatchResult of(boolean value) {
        return value ? TRUE : FALSE;
    }

    MatchResult not() {
        return this == TRUE ? FALSE : this == FALSE ? TRUE : UNDECIDED;
    }
}
