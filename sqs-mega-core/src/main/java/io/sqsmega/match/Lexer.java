package io.sqsmega.match;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens, tracking line and column. {@code //} starts a comment that
 * runs to the end of the line.
 */
final class Lexer {

    enum Type { WORD, STRING, NUMBER, OP, END }

    /** One token: for {@code OP} the text is the operator; for {@code STRING} the unescaped value. */
    record Token(Type type, String text, Object value, Span span) {
        boolean is(String op) {
            return (type == Type.OP || type == Type.WORD) && text.equals(op);
        }
    }

    private final String source;
    private int position;
    private int line = 1;
    private int lineStart;

    private Lexer(String source) {
        this.source = source;
    }

    static List<Token> tokenize(String source) {
        return new Lexer(source).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipBlanksAndComments();
            if (position >= source.length()) {
                tokens.add(new Token(Type.END, "end of expression", null, span(position, 1)));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipBlanksAndComments() {
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == '\n') {
                position++;
                line++;
                lineStart = position;
            }
            else if (Character.isWhitespace(c)) {
                position++;
            }
            else if (c == '/' && position + 1 < source.length() && source.charAt(position + 1) == '/') {
                while (position < source.length() && source.charAt(position) != '\n') {
                    position++;
                }
            }
            else {
                return;
            }
        }
    }

    private Token next() {
        int start = position;
        char c = source.charAt(position);
        if (Character.isLetter(c) || c == '_') {
            while (position < source.length()
                    && (Character.isLetterOrDigit(source.charAt(position)) || source.charAt(position) == '_')) {
                position++;
            }
            String word = source.substring(start, position);
            return new Token(Type.WORD, word, null, span(start, position - start));
        }
        if (Character.isDigit(c) || (c == '-' && position + 1 < source.length()
                && Character.isDigit(source.charAt(position + 1)))) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, c);
        }
        for (String op : new String[] {"==", "!=", "<=", ">=", "&&", "||"}) {
            if (source.startsWith(op, position)) {
                position += 2;
                return new Token(Type.OP, op, null, span(start, 2));
            }
        }
        if ("<>!()[],.*".indexOf(c) >= 0) {
            position++;
            return new Token(Type.OP, String.valueOf(c), null, span(start, 1));
        }
        String hint = switch (c) {
            case '=' -> "use == to compare";
            case '&' -> "use && (or 'and') for both";
            case '|' -> "use || (or 'or') for either";
            case '`' -> "quote strings with ' or \"";
            default -> "expressions use paths, literals, comparisons, in, matches, contains, startsWith, endsWith, "
                    + "functions, !, && and ||";
        };
        throw new LexerException("unexpected character '" + c + "'", span(start, 1), hint);
    }

    private Token number(int start) {
        if (source.charAt(position) == '-') {
            position++;
        }
        digits();
        if (position + 1 < source.length() && source.charAt(position) == '.'
                && Character.isDigit(source.charAt(position + 1))) {
            position++;
            digits();
        }
        if (position < source.length() && (source.charAt(position) == 'e' || source.charAt(position) == 'E')) {
            int mark = position;
            position++;
            if (position < source.length() && (source.charAt(position) == '+' || source.charAt(position) == '-')) {
                position++;
            }
            if (position < source.length() && Character.isDigit(source.charAt(position))) {
                digits();
            }
            else {
                position = mark;
            }
        }
        if (position < source.length() && (Character.isLetter(source.charAt(position)) || source.charAt(position) == '_')) {
            throw new LexerException("malformed number '" + source.substring(start, position + 1) + "'",
                    span(start, position + 1 - start), "separate a number from the next word with a space");
        }
        String text = source.substring(start, position);
        if (text.length() > Values.MAX_NUMBER_LENGTH) {
            throw new LexerException("a number of " + text.length() + " characters", span(start, position - start),
                    "a number has at most " + Values.MAX_NUMBER_LENGTH + " characters; a longer string of digits in a "
                            + "message is not a number either");
        }
        try {
            return new Token(Type.NUMBER, text, new BigDecimal(text), span(start, position - start));
        }
        catch (NumberFormatException | ArithmeticException ex) {
            throw new LexerException("malformed number '" + text + "'", span(start, position - start), null);
        }
    }

    private void digits() {
        while (position < source.length() && Character.isDigit(source.charAt(position))) {
            position++;
        }
    }

    private Token string(int start, char quote) {
        position++;
        StringBuilder value = new StringBuilder();
        while (position < source.length()) {
            char c = source.charAt(position);
            if (c == quote) {
                position++;
                return new Token(Type.STRING, source.substring(start, position), value.toString(),
                        span(start, position - start));
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && position + 1 < source.length()) {
                char escaped = source.charAt(position + 1);
                position += 2;
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '\\', '\'', '"' -> value.append(escaped);
                    case 'u' -> value.append(unicodeEscape(position - 2));
                    // Any other escape keeps its backslash, so regular expressions read naturally: '\d+'.
                    default -> value.append('\\').append(escaped);
                }
                continue;
            }
            value.append(c);
            position++;
        }
        throw new LexerException("unterminated string", span(start, Math.max(1, position - start)),
                "close the string with " + quote);
    }

    private char unicodeEscape(int escapeStart) {
        if (position + 4 > source.length()) {
            throw new LexerException("incomplete \\u escape", span(escapeStart, source.length() - escapeStart),
                    "write four hex digits, e.g. \\u00e9");
        }
        try {
            char c = (char) Integer.parseInt(source.substring(position, position + 4), 16);
            position += 4;
            return c;
        }
        catch (NumberFormatException ex) {
            throw new LexerException("invalid \\u escape", span(escapeStart, 6), "write four hex digits, e.g. \\u00e9");
        }
    }

    private Span span(int start, int length) {
        // Tokens never span lines, except the unterminated string, which stops at the line end.
        return new Span(start, line, start - lineStart + 1, length);
    }

    /** A lexical error; the parser turns it into a {@link MatchCompileException}. */
    static final class LexerException extends RuntimeException {
        final Span span;
        final String hint;

        LexerException(String message, Span span, String hint) {
            super(message, null, false, false);
            this.span = span;
            this.hint = hint;
        }
    }
}
