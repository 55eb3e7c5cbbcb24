package io.sqsmega.match;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Hash keys under which a payload value and an equality literal meet whenever the match language
 * calls them equal, so that a dispatcher can find the subscriptions of {@code path == literal}
 * and {@code path in [...]} by lookup instead of evaluating each. Keys are a superset: a shared key
 * does not prove equality (the matcher still decides), a missing one proves inequality.
 *
 * <p>Rules mirrored: strings equal strings exactly; numbers compare by value, and a numeric string
 * equals a number; a string that reads as a date-time equals that instant; booleans equal booleans.
 */
public final class IndexKeys {

    private IndexKeys() {
    }

    /**
     * @param literal a literal of an equality condition
     * @return whether {@link #forLiteral} can index it (strings, numbers, booleans)
     */
    public static boolean isIndexable(Object literal) {
        return literal instanceof String || literal instanceof BigDecimal || literal instanceof Boolean;
    }

    /**
     * The keys of an equality literal.
     *
     * @param literal a string, {@link BigDecimal} or boolean literal
     * @param keys receives the keys
     */
    public static void forLiteral(Object literal, Consumer<Object> keys) {
        if (literal instanceof String text) {
            keys.accept(text);
            BigDecimal number = Values.parseNumber(text);
            if (number != null) {
                keys.accept(numberKey(number));
            }
            Instant instant = Values.toInstant(text);
            if (instant != null) {
                keys.accept(instant);
            }
        }
        else if (literal instanceof BigDecimal number) {
            keys.accept(numberKey(number));
        }
        else if (literal instanceof Boolean) {
            keys.accept(literal);
        }
        else {
            throw new IllegalArgumentException("not an indexable literal: " + literal);
        }
    }

    /**
     * The keys of one payload value (one element of a multi-valued path).
     *
     * @param value the value
     * @param keys receives the keys (none for null, lists and maps)
     */
    public static void forValue(Object value, Consumer<Object> keys) {
        if (value instanceof String text) {
            keys.accept(text);
            BigDecimal number = Values.parseNumber(text);
            if (number != null) {
                keys.accept(numberKey(number));
            }
        }
        else if (value instanceof Number) {
            BigDecimal number = Values.toNumber(value);
            if (number != null) {
                keys.accept(numberKey(number));
            }
        }
        else if (value instanceof Boolean || value instanceof Instant) {
            keys.accept(value);
        }
    }

    /** Numbers equal by value share one key: 5, 5.0 and 5E+0 are the same {@code 5}. */
    private static Object numberKey(BigDecimal number) {
        return new NumberKey(number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros());
    }

    /** Keeps number keys apart from string keys. */
    private record NumberKey(BigDecimal value) {
    }
}
