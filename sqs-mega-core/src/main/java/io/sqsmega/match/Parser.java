package io.sqsmega.match;

import io.sqsmega.event.Timestamps;
import io.sqsmega.match.Lexer.Token;
import io.sqsmega.match.Lexer.Type;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for the match language. Grammar, lowest precedence first:
 * <pre>
 * expression := and (('||' | 'or') and)*
 * and        := unary (('&amp;&amp;' | 'and') unary)*
 * unary      := ('!' | 'not') unary | comparison
 * comparison := operand [ ('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand
 *                       | ['not'] 'in' list | ['not'] 'matches' STRING
 *                       | ('contains' | 'startsWith' | 'endsWith') operand ]
 * operand    := '(' expression ')' | STRING | NUMBER | 'true' | 'false' | 'null'
 *             | WORD '(' [operand (',' operand)*] ')' | path
 * path       := WORD ('.' WORD | '[' (STRING | NUMBER | '*') ']')*
 * list       := '[' literal (',' literal)* ']'
 * </pre>
 * It checks syntax only; {@link Validator} checks names, arities, regexes and kinds.
 */
final class Parser {

    static final int MAX_DEPTH = 32;

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "matches", "contains", "startsWith",
            "endsWith", "true", "false", "null");
    private static final Set<String> INFIX_FUNCTIONS = Set.of("contains", "startsWith", "endsWith");
    private static final List<String> OPERATOR_WORDS = List.of("and", "or", "not", "in", "matches", "contains",
            "startsWith", "endsWith");

    /** A parse: the tree and where each node stands in the source. */
    record Parsed(Expr expr, Map<Expr, Span> spans) {
    }

    private final String source;
    private final List<Token> tokens;
    private final Map<Expr, Span> spans = new IdentityHashMap<>();
    private int index;
    private int depth;

    private Parser(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static Parsed parse(String source) {
        if (source == null || source.isBlank()) {
            throw new MatchCompileException(String.valueOf(source), "empty match expression", null,
                    "leave 'match' out to accept every payload of the listener's kind");
        }
        try {
            Parser parser = new Parser(source, Lexer.tokenize(source));
            Expr expr = parser.parseOr();
            Token end = parser.peek();
            if (end.type() != Type.END) {
                throw parser.error("unexpected " + describe(end) + " after a complete condition", end.span(),
                        parser.hintForUnexpected(end));
            }
            return new Parsed(expr, parser.spans);
        }
        catch (Lexer.LexerException ex) {
            throw new MatchCompileException(source, ex.getMessage(), ex.span, ex.hint);
        }
    }

    private Expr parseOr() {
        Token first = peek();
        List<Expr> operands = new ArrayList<>();
        operands.add(parseAnd());
        while (peek().is("||") || peek().is("or")) {
            index++;
            operands.add(parseAnd());
        }
        return operands.size() == 1 ? operands.get(0) : mark(new Expr.Or(operands), first.span().to(previous().span()));
    }

    private Expr parseAnd() {
        Token first = peek();
        List<Expr> operands = new ArrayList<>();
        operands.add(parseUnary());
        while (peek().is("&&") || peek().is("and")) {
            index++;
            operands.add(parseUnary());
        }
        return operands.size() == 1 ? operands.get(0)
                : mark(new Expr.And(operands), first.span().to(previous().span()));
    }

    private Expr parseUnary() {
        Token token = peek();
        if (token.is("!") || token.is("not")) {
            index++;
            enter(token);
            Expr operand = parseUnary();
            depth--;
            return mark(new Expr.Not(operand), token.span().to(previous().span()));
        }
        return parseComparison();
    }

    private Expr parseComparison() {
        Token first = peek();
        Expr left = parseOperand();
        Token operator = peek();
        Expr.Op op = comparisonOperator(operator);
        if (op != null) {
            index++;
            Expr right = parseOperand();
            return mark(new Expr.Compare(left, op, right), first.span().to(previous().span()));
        }
        boolean negated = false;
        if (operator.is("not") && (peek(1).is("in") || peek(1).is("matches"))) {
            negated = true;
            index++;
            operator = peek();
        }
        if (operator.is("in")) {
            index++;
            Expr.ListLiteral list = parseList();
            return mark(new Expr.In(left, list, negated), first.span().to(previous().span()));
        }
        if (operator.is("matches")) {
            index++;
            Token regex = next();
            if (regex.type() != Type.STRING) {
                throw error("'matches' needs a quoted regular expression, found " + describe(regex), regex.span(),
                        "e.g. event.name matches 'user:.*'");
            }
            Expr.Matches matches = new Expr.Matches(left, (String) regex.value(), negated);
            // A regex error points at the regex itself.
            return mark(matches, regex.span());
        }
        if (operator.type() == Type.WORD && INFIX_FUNCTIONS.contains(operator.text())) {
            index++;
            Expr right = parseOperand();
            return mark(new Expr.Call(operator.text(), List.of(left, right)), first.span().to(previous().span()));
        }
        return left;
    }

    private Expr parseOperand() {
        Token token = next();
        switch (token.type()) {
            case STRING:
                return mark(new Expr.Literal(token.value()), token.span());
            case NUMBER:
                return mark(new Expr.Literal(token.value()), token.span());
            case OP:
                if (token.is("(")) {
                    enter(token);
                    Expr inner = parseOr();
                    expect(")", "close the parenthesis opened at column " + token.span().column());
                    depth--;
                    return inner;
                }
                if (token.is("[")) {
                    throw error("a list is only allowed after 'in'", token.span(),
                            "write value in ['a', 'b'], or use contains to test a list");
                }
                throw error("expected a path, a literal or a function call, found " + describe(token), token.span(),
                        null);
            case END:
                throw error("the expression ends where a value was expected", token.span(),
                        "complete the condition, e.g. event.name == 'x'");
            default:
                break;
        }
        String word = token.text();
        switch (word) {
            case "true":
                return mark(new Expr.Literal(Boolean.TRUE), token.span());
            case "false":
                return mark(new Expr.Literal(Boolean.FALSE), token.span());
            case "null":
                return mark(new Expr.Literal(null), token.span());
            default:
                break;
        }
        if (peek().is("(")) {
            return parseCall(token);
        }
        if (KEYWORDS.contains(word)) {
            throw error("expected a path, a literal or a function call, found '" + word + "'", token.span(),
                    INFIX_FUNCTIONS.contains(word) ? "write a " + word + " b, or " + word + "(a, b)" : null);
        }
        return parsePath(token);
    }

    private Expr parseCall(Token name) {
        enter(name);
        index++;
        List<Expr> arguments = new ArrayList<>();
        List<Span> argumentSpans = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                Token start = peek();
                arguments.add(parseOperand());
                argumentSpans.add(start.span());
            }
            while (accept(","));
        }
        expect(")", "close the argument list of " + name.text() + "(");
        depth--;
        Span span = name.span().to(previous().span());
        if ((name.text().equals("date") || name.text().equals("datetime")) && arguments.size() == 1
                && arguments.get(0) instanceof Expr.Literal literal && literal.value() instanceof String text) {
            return mark(new Expr.Literal(dateLiteral(name.text(), text, argumentSpans.get(0))), span);
        }
        return mark(new Expr.Call(name.text(), arguments), span);
    }

    private Object dateLiteral(String function, String text, Span span) {
        if (function.equals("date")) {
            try {
                return LocalDate.parse(text);
            }
            catch (DateTimeException ex) {
                throw error("date('" + text + "') is not a calendar date", span, "write date('2020-01-31')");
            }
        }
        Object instant = Timestamps.parseOrNull(text);
        if (instant == null) {
            throw error("datetime('" + text + "') is not an ISO-8601 date-time", span,
                    "write datetime('2020-05-04T15:53:27Z'); no offset means UTC");
        }
        return instant;
    }

    private Expr parsePath(Token root) {
        List<Expr.Segment> segments = new ArrayList<>();
        while (true) {
            if (accept(".")) {
                Token key = next();
                if (key.type() == Type.NUMBER) {
                    throw error("'." + key.text() + "' is not a key", key.span(), "use [" + key.text()
                            + "] for a list index");
                }
                if (key.type() != Type.WORD) {
                    throw error("expected a key after '.', found " + describe(key), key.span(),
                            "use ['odd-key'] for keys that are not plain words");
                }
                segments.add(new Expr.Segment.Key(key.text()));
            }
            else if (accept("[")) {
                Token inside = next();
                if (inside.type() == Type.STRING) {
                    segments.add(new Expr.Segment.Key((String) inside.value()));
                }
                else if (inside.is("*")) {
                    segments.add(new Expr.Segment.Wildcard());
                }
                else if (inside.type() == Type.NUMBER) {
                    BigDecimal number = (BigDecimal) inside.value();
                    if (number.signum() < 0 || number.scale() > 0 || number.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
                        throw error("index " + inside.text() + " is not a list position", inside.span(),
                                "use 0 for the first element, [*] for every element");
                    }
                    segments.add(new Expr.Segment.Index(number.intValueExact()));
                }
                else {
                    throw error("expected an index, '*' or a quoted key inside [ ], found " + describe(inside),
                            inside.span(), "e.g. a[0], a[*] or a['odd-key']");
                }
                expect("]", "close the [ of the path");
            }
            else {
                return mark(new Expr.Path(root.text(), segments), root.span().to(previous().span()));
            }
        }
    }

    private Expr.ListLiteral parseList() {
        Token open = next();
        if (!open.is("[")) {
            throw error("'in' needs a list, found " + describe(open), open.span(), "e.g. event.name in ['a', 'b']");
        }
        List<Expr.Literal> elements = new ArrayList<>();
        if (peek().is("]")) {
            index++;
            throw error("empty list", open.span().to(previous().span()),
                    "an 'in' list needs at least one value; an empty list would never match");
        }
        do {
            Token start = peek();
            Expr element = parseOperand();
            if (!(element instanceof Expr.Literal literal)) {
                throw error("list elements must be literals", start.span().to(previous().span()),
                        "use strings, numbers, true, false, null, date() or datetime()");
            }
            elements.add(literal);
        }
        while (accept(","));
        expect("]", "close the list opened at column " + open.span().column());
        return (Expr.ListLiteral) mark(new Expr.ListLiteral(elements), open.span().to(previous().span()));
    }

    private static Expr.Op comparisonOperator(Token token) {
        if (token.type() != Type.OP) {
            return null;
        }
        for (Expr.Op op : Expr.Op.values()) {
            if (op.symbol().equals(token.text())) {
                return op;
            }
        }
        return null;
    }

    private String hintForUnexpected(Token token) {
        if (token.type() == Type.WORD) {
            String word = token.text();
            if (List.of("is", "equals", "eq").contains(word)) {
                return "did you mean '=='?";
            }
            String suggestion = Suggestions.closest(word, OPERATOR_WORDS);
            if (suggestion != null) {
                return "did you mean '" + suggestion + "'?";
            }
        }
        if (token.is(")")) {
            return "remove the extra ')'";
        }
        return "join conditions with && or ||";
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw error("the expression nests deeper than " + MAX_DEPTH + " levels", token.span(),
                    "flatten it: a && b && c needs no parentheses");
        }
    }

    private Expr mark(Expr expr, Span span) {
        spans.put(expr, span);
        return expr;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.type() != Type.END) {
            index++;
        }
        return token;
    }

    private Token previous() {
        return tokens.get(Math.max(0, index - 1));
    }

    private boolean accept(String op) {
        if (peek().is(op) && peek().type() == Type.OP) {
            index++;
            return true;
        }
        return false;
    }

    private void expect(String op, String hint) {
        Token token = peek();
        if (!accept(op)) {
            throw error("expected '" + op + "', found " + describe(token), token.span(), hint);
        }
    }

    private static String describe(Token token) {
        return switch (token.type()) {
            case END -> "the end of the expression";
            case STRING -> "the string " + token.text();
            case NUMBER -> "the number " + token.text();
            default -> "'" + token.text() + "'";
        };
    }

    private MatchCompileException error(String problem, Span span, String hint) {
        return new MatchCompileException(source, problem, span, hint);
    }
}
