package io.sqsmega.match;

/**
 * Looks at a regular expression before RE2J compiles it, for the three ways a short pattern could
 * hurt the application that compiles it:
 * <ul>
 * <li>groups nested deeper than {@value #MAX_NESTING}: RE2J's parser recurses, and 10,000 nested
 * groups overflowed the stack;</li>
 * <li>a compiled program over about {@value #MAX_PROGRAM} instructions: nested counted repetitions
 * multiply ({@code ((a{100}){100}){100}} is a million instructions from 20 characters), compiling
 * takes that long, and matching costs program size × input length;</li>
 * <li>case-insensitive matching of U+1C80 to U+1C88 (Cyrillic letter variants): RE2J 1.8's
 * case-folding tables disagree with the JDK's case mappings for these nine letters, and its folding
 * loop never ends, so {@code compile} never returns.</li>
 * </ul>
 * The program size is an estimate from the pattern's text (atoms, alternations, repetitions), made
 * without compiling.
 */
final class RegexGuard {

    /** The deepest group nesting accepted. */
    static final int MAX_NESTING = 100;

    /** The largest estimated program accepted, in instructions. */
    static final long MAX_PROGRAM = 20_000;

    /** The letters RE2J 1.8 cannot case-fold (all others fold; {@code RegexGuardTest} checks it on this JDK). */
    static final int UNFOLDABLE_FIRST = 0x1C80;

    /** The last of them. */
    static final int UNFOLDABLE_LAST = 0x1C88;

    private final String regex;
    private int at;
    private int deepest;
    private boolean caseInsensitive;
    private boolean unfoldable;

    private RegexGuard(String regex) {
        this.regex = regex;
    }

    /**
     * @param regex a regular expression in RE2 syntax
     * @return why it must not be compiled, or {@code null} when it may be
     */
    static String problem(String regex) {
        RegexGuard guard = new RegexGuard(regex);
        long size = guard.sequence(0);
        if (guard.deepest > MAX_NESTING) {
            return "it nests groups " + guard.deepest + " deep, more than the " + MAX_NESTING + " allowed";
        }
        if (size > MAX_PROGRAM) {
            return "it compiles to " + (size > 1_000_000_000L ? "over a billion" : "about " + size)
                    + " instructions, more than the " + MAX_PROGRAM + " allowed (nested counted repetitions such as "
                    + "(a{100}){100} multiply)";
        }
        if (guard.caseInsensitive && guard.unfoldable) {
            return "it is case-insensitive and covers U+1C80 to U+1C88, letters RE2J cannot case-fold (its compiler "
                    + "would never finish): match those letters without (?i)";
        }
        return null;
    }

    /**
     * @param regex a regular expression that {@link #problem} accepted
     * @return its estimated program size, in instructions
     */
    static long programSize(String regex) {
        return new RegexGuard(regex).sequence(0);
    }

    /** A sequence of alternatives up to a ')' or the end; returns its estimated size. */
    private long sequence(int depth) {
        deepest = Math.max(deepest, depth);
        if (depth > MAX_NESTING) {
            // Refused anyway: stop here, so this check cannot overflow the stack itself.
            at = regex.length();
            return 0;
        }
        long total = 0;
        long last = 0;
        while (at < regex.length()) {
            char c = regex.charAt(at);
            if (c == ')') {
                return total;
            }
            if (c == '|') {
                at++;
                total = add(total, 1);
                last = 0;
                continue;
            }
            if (c == '*' || c == '+' || c == '?') {
                at++;
                total = add(total, 1);
                continue;
            }
            if (c == '{') {
                long times = repetition();
                if (times >= 0) {
                    total = add(total, multiply(last, Math.max(0, times - 1)));
                    continue;
                }
                // Not a repetition: a literal '{'.
            }
            last = atom(depth);
            total = add(total, last);
        }
        return total;
    }

    /** One atom at {@code at}: a group, a class, an escape or a character; returns its size. */
    private long atom(int depth) {
        char c = regex.charAt(at);
        if (c == '(') {
            at++;
            if (at < regex.length() && regex.charAt(at) == '?') {
                boolean flagsOnly = flags();
                if (flagsOnly) {
                    return 0;
                }
            }
            long inner = sequence(depth + 1);
            if (at < regex.length()) {
                at++; // ')'
            }
            return add(inner, 1);
        }
        if (c == '[') {
            characterClass();
            return 1;
        }
        if (c == '\\') {
            int rune = escape();
            mention(rune, rune);
            return 1;
        }
        int rune = regex.codePointAt(at);
        at += Character.charCount(rune);
        mention(rune, rune);
        return 1;
    }

    /**
     * The flags after {@code (?}: {@code (?i)} sets them and is no group; {@code (?i:...)} and
     * {@code (?P<name>...)} open one.
     *
     * @return whether it was flags only
     */
    private boolean flags() {
        at++; // '?'
        if (at < regex.length() && regex.charAt(at) == 'P') {
            int close = regex.indexOf('>', at);
            at = close < 0 ? regex.length() : close + 1;
            return false;
        }
        boolean negated = false;
        while (at < regex.length()) {
            char c = regex.charAt(at++);
            if (c == ')') {
                return true;
            }
            if (c == ':') {
                return false;
            }
            if (c == '-') {
                negated = true;
            }
            else if (c == 'i' && !negated) {
                caseInsensitive = true;
            }
        }
        return true;
    }

    /** A class, {@code [...]}, noting the runes and ranges it names. */
    private void characterClass() {
        at++; // '['
        if (at < regex.length() && regex.charAt(at) == '^') {
            at++;
        }
        boolean first = true;
        int previous = -1;
        while (at < regex.length()) {
            char c = regex.charAt(at);
            if (c == ']' && !first) {
                at++;
                return;
            }
            first = false;
            if (c == '[' && regex.startsWith("[:", at)) {
                // As RE2J: a named class up to the next ":]" anywhere (a wrong name is an error); without
                // one, '[' is a plain character, and what follows is read as usual (skipping it all hid
                // a U+1C80 range from this guard: MatchCompilerFuzzTest found the hang).
                int close = regex.indexOf(":]", at + 2);
                if (close >= 0) {
                    at = close + 2;
                    previous = -1;
                    continue;
                }
            }
            if (c == '-' && previous >= 0 && at + 1 < regex.length() && regex.charAt(at + 1) != ']') {
                at++;
                int high = regex.charAt(at) == '\\' ? escape() : nextRune();
                if (high >= 0) {
                    mention(previous, high);
                }
                previous = -1;
                continue;
            }
            previous = c == '\\' ? escape() : nextRune();
            if (previous >= 0) {
                mention(previous, previous);
            }
        }
    }

    private int nextRune() {
        int rune = regex.codePointAt(at);
        at += Character.charCount(rune);
        return rune;
    }

    /**
     * An escape at {@code at}, read as RE2J's {@code Parser.parseEscape} reads it; returns the rune
     * it stands for, or -1 for a class, an assertion or an error (which RE2J refuses anyway).
     */
    private int escape() {
        at++; // '\'
        if (at >= regex.length()) {
            return -1;
        }
        int c = regex.codePointAt(at);
        at += Character.charCount(c);
        if (!(c < 0x80 && Character.isLetterOrDigit(c))) {
            // Escaped punctuation and escaped non-ASCII runes are themselves: '[}-\\' + U+C2C4 + ']' is a range
            // (MatchCompilerFuzzTest found it, read as no range, hanging RE2J's compiler).
            return c;
        }
        if (c >= '1' && c <= '7' && !(at < regex.length() && isOctal(regex.charAt(at)))) {
            return -1; // a backreference: not RE2
        }
        if (c >= '0' && c <= '7') {
            int rune = c - '0';
            for (int i = 1; i < 3 && at < regex.length() && isOctal(regex.charAt(at)); i++) {
                rune = rune * 8 + regex.charAt(at++) - '0';
            }
            return rune;
        }
        switch (c) {
            case 'x':
                return hexEscape();
            case 'a':
                return 7;
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'v':
                return 11;
            case 'p', 'P':
                if (at < regex.length() && regex.charAt(at) == '{') {
                    int close = regex.indexOf('}', at);
                    at = close < 0 ? regex.length() : close + 1;
                }
                else if (at < regex.length()) {
                    at += Character.charCount(regex.codePointAt(at)); // \pL
                }
                return -1;
            case 'Q':
                quoted();
                return -1;
            default:
                return -1;
        }
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /** {@code \x{...}} or {@code \xHH}, after the {@code x}. */
    private int hexEscape() {
        if (at < regex.length() && regex.charAt(at) == '{') {
            int close = regex.indexOf('}', at);
            String hex = close < 0 ? "" : regex.substring(at + 1, close);
            at = close < 0 ? regex.length() : close + 1;
            return hexRune(hex);
        }
        int end = Math.min(regex.length(), at + 2);
        String hex = regex.substring(at, end);
        at = end;
        return hexRune(hex);
    }

    /** {@code \Q...\E}, after the {@code Q}: every rune in it is a literal. */
    private void quoted() {
        int end = regex.indexOf("\\E", at);
        int stop = end < 0 ? regex.length() : end;
        for (int i = at; i < stop; ) {
            int rune = regex.codePointAt(i);
            mention(rune, rune);
            i += Character.charCount(rune);
        }
        at = end < 0 ? regex.length() : end + 2;
    }

    /** As RE2J reads {@code \x{...}}: any number of hex digits (leading zeros too), at most U+10FFFF. */
    private static int hexRune(String hex) {
        if (hex.isEmpty()) {
            return -1;
        }
        int rune = 0;
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0 || hex.charAt(i) > 'f') {
                return -1;
            }
            rune = rune * 16 + digit;
            if (rune > Character.MAX_CODE_POINT) {
                return -1;
            }
        }
        return rune;
    }

    /**
     * A counted repetition at {@code at}: {@code {n}}, {@code {n,}} or {@code {n,m}}.
     *
     * @return the copies it makes, or -1 when the brace is a literal (and {@code at} is unchanged)
     */
    private long repetition() {
        int close = regex.indexOf('}', at);
        if (close < 0) {
            return -1;
        }
        String body = regex.substring(at + 1, close);
        int comma = body.indexOf(',');
        String low = comma < 0 ? body : body.substring(0, comma);
        String high = comma < 0 ? body : body.substring(comma + 1);
        if (!digits(low) || !(high.isEmpty() && comma >= 0 || digits(high))) {
            return -1;
        }
        at = close + 1;
        if (at < regex.length() && regex.charAt(at) == '?') {
            at++;
        }
        long min = Long.parseLong(low);
        return high.isEmpty() ? min + 1 : Math.max(min, Long.parseLong(high));
    }

    private static boolean digits(String text) {
        return !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(Character::isDigit);
    }

    private void mention(int low, int high) {
        if (low >= 0 && low <= UNFOLDABLE_LAST && high >= UNFOLDABLE_FIRST) {
            unfoldable = true;
        }
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE / 2 : Math.min(sum, Long.MAX_VALUE / 2);
    }

    private static long multiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > (Long.MAX_VALUE / 2) / b ? Long.MAX_VALUE / 2 : a * b;
    }
}
