package io.sqsmega.match;

import io.sqsmega.event.Timestamps;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The value semantics of the match language: what "equal" and "less than" mean between payload
 * values and literals (rules 2 to 5 of the specification), and the special values of evaluation.
 */
final class Values {

    /** A path that does not exist. Matches nothing (rule 1). */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /** A user function threw while computing the value. */
    static final Object UNDECIDED = new Object() {
        @Override
        public String toString() {
            return "<undecided>";
        }
    };

    /** The values of a path through {@code [*]}: never empty (no values is {@link #MISSING}). */
    record Many(List<Object> values) {
    }

    private Values() {
    }

    /** A value as JSON text for people ({@code match --explain}): a {@code [*]}'s values as a list. */
    static String toJsonText(Object value) {
        Object plain = value instanceof Many many ? many.values() : value;
        if (plain == UNDECIDED) {
            return "undecided";
        }
        try {
            String json = io.sqsmega.json.MegaJson.mapper().writeValueAsString(plain);
            return json.length() <= 200 ? json : json.substring(0, 197) + "...";
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException ex) {
            return String.valueOf(plain);
        }
    }

    /**
     * Equality of two present values: numbers by value (a numeric string against a number is cast),
     * date-times as instants (a string against a date-time is parsed), {@code date()} by calendar
     * day in UTC, strings and booleans exactly, JSON null only to null. Everything else is unequal.
     */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof String x && b instanceof String y) {
            return x.equals(y);
        }
        Integer order = order(a, b);
        if (order != null) {
            return order == 0;
        }
        return a instanceof Boolean && a.equals(b);
    }

    /**
     * The order of two present values, or {@code null} when they do not compare (type mismatch,
     * unparsable numeric or date-time string, booleans, lists, maps, null).
     */
    static Integer order(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String x && b instanceof String y) {
            return Integer.signum(compareCodePoints(x, y));
        }
        if (isTemporal(a) || isTemporal(b)) {
            return compareTemporal(a, b);
        }
        if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer)) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (a instanceof Number || b instanceof Number) {
            BigDecimal x = toNumber(a);
            BigDecimal y = x == null ? null : toNumber(b);
            return y == null ? null : x.compareTo(y);
        }
        return null;
    }

    private static boolean isTemporal(Object value) {
        return value instanceof Instant || value instanceof LocalDate;
    }

    /** Dates compare by UTC calendar day when either side is a {@code date()}; else as instants. */
    private static Integer compareTemporal(Object a, Object b) {
        if (a instanceof LocalDate || b instanceof LocalDate) {
            LocalDate x = toDate(a);
            LocalDate y = x == null ? null : toDate(b);
            return y == null ? null : Integer.signum(x.compareTo(y));
        }
        Instant x = toInstant(a);
        Instant y = x == null ? null : toInstant(b);
        return y == null ? null : Integer.signum(x.compareTo(y));
    }

    /** A date-time value: an instant, or a string in ISO-8601 (date-time, or a date at UTC midnight). */
    static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof String text) {
            Instant instant = Timestamps.parseOrNull(text);
            if (instant != null) {
                return instant;
            }
            LocalDate date = parseDate(text);
            return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }

    static LocalDate toDate(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof String text && text.length() == 10) {
            LocalDate date = parseDate(text);
            if (date != null) {
                return date;
            }
        }
        Instant instant = toInstant(value);
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static LocalDate parseDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        try {
            return LocalDate.parse(text);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    /** A number as an exact decimal; a string is read as a JSON number; anything else is {@code null}. */
    static BigDecimal toNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // The shortest decimal that reads back as the double: 0.1 is 0.1, not 0.1000000000000000055...
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof String text) {
            return parseNumber(text);
        }
        return null;
    }

    /**
     * The longest text read as a number, as Jackson's default for JSON numbers: parsing is
     * quadratic in the digits (a million-digit string took 15 s to compare with 5).
     */
    static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * A JSON number ({@code -?digits[.digits][e[+-]digits]}, exponent of at most 9 digits, at most
     * {@value #MAX_NUMBER_LENGTH} characters), else null.
     */
    static BigDecimal parseNumber(String text) {
        int length = text.length();
        if (length > MAX_NUMBER_LENGTH) {
            return null;
        }
        int i = 0;
        if (i < length && text.charAt(i) == '-') {
            i++;
        }
        int digits = skipDigits(text, i);
        if (digits == i) {
            return null;
        }
        i = digits;
        if (i < length && text.charAt(i) == '.') {
            int fraction = skipDigits(text, i + 1);
            if (fraction == i + 1) {
                return null;
            }
            i = fraction;
        }
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = skipDigits(text, i);
            if (exponent == i || exponent - i > 9) {
                return null;
            }
            i = exponent;
        }
        return i == length ? new BigDecimal(text) : null;
    }

    private static int skipDigits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** Compares by Unicode code point (String.compareTo compares UTF-16 units, which differs above U+FFFF). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** {@code empty(x)}: missing, null, '', [] or {}. */
    static boolean isEmpty(Object value) {
        return value == MISSING || value == null || (value instanceof String s && s.isEmpty())
                || (value instanceof List<?> l && l.isEmpty()) || (value instanceof Map<?, ?> m && m.isEmpty());
    }
}
