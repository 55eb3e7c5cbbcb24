package io.sqsmega.match;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in functions. Each maps evaluated arguments to a value; a missing argument gives a
 * missing result (so the condition is false), except for {@code exists} and {@code empty}, which
 * are about missing values.
 */
final class Builtins {

    /** A function body over single (not multi-valued) arguments. */
    interface Body {
        Object apply(Object[] arguments);
    }

    /** Names and arities. */
    static final Map<String, Integer> ARITIES = Map.ofEntries(
            Map.entry("exists", 1), Map.entry("empty", 1), Map.entry("size", 1), Map.entry("lower", 1),
            Map.entry("upper", 1), Map.entry("startsWith", 2), Map.entry("endsWith", 2), Map.entry("contains", 2),
            Map.entry("date", 1), Map.entry("datetime", 1), Map.entry("cidr", 2));

    private Builtins() {
    }

    /**
     * The body of a built-in. {@code exists} and {@code empty} are evaluated by
     * {@link Evaluators} because they look at missing values themselves.
     *
     * @param name the name
     * @param constantArguments the arguments that are literals, by position ({@code null} elsewhere)
     * @return the body
     */
    static Body body(String name, Object[] constantArguments) {
        return switch (name) {
            case "size" -> args -> size(args[0]);
            case "lower" -> args -> args[0] instanceof String s ? s.toLowerCase(Locale.ROOT) : Values.MISSING;
            case "upper" -> args -> args[0] instanceof String s ? s.toUpperCase(Locale.ROOT) : Values.MISSING;
            case "startsWith" -> args -> strings(args) ? ((String) args[0]).startsWith((String) args[1]) : missingOrFalse(args);
            case "endsWith" -> args -> strings(args) ? ((String) args[0]).endsWith((String) args[1]) : missingOrFalse(args);
            case "contains" -> Builtins::contains;
            case "date" -> args -> {
                LocalDate date = args[0] instanceof String || args[0] instanceof Instant ? Values.toDate(args[0]) : null;
                return date == null ? Values.MISSING : date;
            };
            case "datetime" -> args -> {
                Instant instant = args[0] instanceof String || args[0] instanceof Instant ? Values.toInstant(args[0]) : null;
                return instant == null ? Values.MISSING : instant;
            };
            case "cidr" -> cidr(constantArguments[1]);
            default -> throw new IllegalArgumentException("not a built-in function with a body: " + name);
        };
    }

    private static Object size(Object value) {
        if (value instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (value instanceof List<?> list) {
            return list.size();
        }
        if (value instanceof Map<?, ?> map) {
            return map.size();
        }
        return Values.MISSING;
    }

    private static boolean strings(Object[] args) {
        return args[0] instanceof String && args[1] instanceof String;
    }

    private static Object missingOrFalse(Object[] args) {
        for (Object arg : args) {
            if (arg == Values.MISSING) {
                return Values.MISSING;
            }
        }
        return Boolean.FALSE;
    }

    /** A list has an element equal to x, or a string contains substring x. */
    private static Object contains(Object[] args) {
        Object container = args[0];
        Object element = args[1];
        if (container == Values.MISSING || element == Values.MISSING) {
            return Values.MISSING;
        }
        if (container instanceof List<?> list) {
            for (Object candidate : list) {
                if (Values.equal(candidate, element)) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        }
        return container instanceof String s && element instanceof String part ? contains(s, part) : Boolean.FALSE;
    }

    /**
     * Substring search in linear time. {@link String#contains} compares the needle at every
     * position: 2.4 s for a 64 KiB needle in 128 KiB of text, both from one body. Short needles
     * (every literal in practice) keep it; long ones use Knuth-Morris-Pratt.
     */
    static boolean contains(String text, String part) {
        if (part.length() <= 64 || part.length() > text.length()) {
            return text.contains(part);
        }
        int[] fallback = new int[part.length()];
        for (int i = 1, k = 0; i < part.length(); i++) {
            while (k > 0 && part.charAt(i) != part.charAt(k)) {
                k = fallback[k - 1];
            }
            if (part.charAt(i) == part.charAt(k)) {
                k++;
            }
            fallback[i] = k;
        }
        for (int i = 0, k = 0; i < text.length(); i++) {
            while (k > 0 && text.charAt(i) != part.charAt(k)) {
                k = fallback[k - 1];
            }
            if (text.charAt(i) == part.charAt(k)) {
                k++;
                if (k == part.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Body cidr(Object constantBlock) {
        Cidr fixed = constantBlock instanceof String block ? Cidr.parse(block) : null;
        return args -> {
            if (args[0] == Values.MISSING || args[1] == Values.MISSING) {
                return Values.MISSING;
            }
            Cidr block = fixed != null ? fixed : args[1] instanceof String text ? Cidr.parse(text) : null;
            return block != null && args[0] instanceof String ip && block.contains(ip);
        };
    }
}
