package io.sqsmega.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.sqsmega.codec.PayloadKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles match expressions into {@link Matcher}s. Every error of the specification is found
 * here, at startup, and reported as a {@link MatchCompileException} with line, column, caret and
 * hint. Immutable and thread-safe.
 *
 * <pre>{@code
 * MatchCompiler compiler = MatchCompiler.create(FunctionRegistry.of(isVip));
 * Matcher matcher = compiler.compile("event.name == 'item.added' && event.quantity > 0", PayloadKind.MEGA);
 * }</pre>
 */
public final class MatchCompiler {

    /** The roots of paths. */
    static final Set<String> ROOTS = Set.of("event", "object", "extra", "data", "text", "kind", "message", "sns");

    /** The roots that exist only for one payload kind; the others exist for every kind. */
    private static final Map<String, PayloadKind> ROOT_KINDS = Map.of("event", PayloadKind.MEGA,
            "object", PayloadKind.MEGA, "extra", PayloadKind.MEGA, "data", PayloadKind.DATA, "text", PayloadKind.TEXT);

    private final FunctionRegistry functions;

    private MatchCompiler(FunctionRegistry functions) {
        this.functions = functions;
    }

    /** @return a compiler with the built-in functions only */
    public static MatchCompiler create() {
        return new MatchCompiler(FunctionRegistry.empty());
    }

    /**
     * @param functions user functions, callable by name
     * @return a compiler that also knows them
     */
    public static MatchCompiler create(FunctionRegistry functions) {
        return new MatchCompiler(functions);
    }

    /**
     * Compiles an expression for any payload kind.
     *
     * @param expression the expression
     * @return the matcher
     * @throws MatchCompileException when the expression is not valid
     */
    public Matcher compile(String expression) {
        return compile(expression, null);
    }

    /**
     * Compiles an expression for a listener that accepts one payload kind: the matcher is true
     * only for payloads of that kind, and an expression that can never be true for it is an error.
     *
     * @param expression the expression
     * @param acceptedKind the kind the listener accepts, or {@code null} for any
     * @return the matcher
     * @throws MatchCompileException when the expression is not valid, or cannot fit the kind
     */
    public Matcher compile(String expression, PayloadKind acceptedKind) {
        Parser.Parsed parsed = Parser.parse(expression);
        return build(expression, parsed.expr(), parsed.spans(), acceptedKind);
    }

    /**
     * Compiles an expression built in code with {@link Match}.
     *
     * @param expression the tree
     * @param acceptedKind the kind the listener accepts, or {@code null} for any
     * @return the matcher, the same as compiling the tree's text
     * @throws MatchCompileException when the expression is not valid, or cannot fit the kind
     */
    public Matcher compile(Expr expression, PayloadKind acceptedKind) {
        return build(ExprPrinter.render(expression), expression, Map.of(), acceptedKind);
    }

    /**
     * @param expression the tree
     * @return the matcher for any payload kind
     */
    public Matcher compile(Expr expression) {
        return compile(expression, null);
    }

    /**
     * The matcher of a listener without a match expression: every payload of its kind (rule 8).
     *
     * @param kind the kind the listener accepts
     * @return the matcher
     */
    public Matcher acceptAll(PayloadKind kind) {
        Expr guard = kindGuard(kind);
        return new Matcher("kind == '" + kind.label() + "'", guard,
                new Compilation("", Map.of()).condition(guard), EnumSet.of(kind));
    }

    /**
     * Evaluates an expression on one message condition by condition, for a person asking why it
     * did or did not match (slower than a {@link Matcher}: never on the consume path).
     *
     * @param expression the expression
     * @param input the message
     * @return every condition's result and the values it read
     * @throws MatchCompileException when the expression is not valid
     */
    public Explanation explain(String expression, MatchInput input) {
        Parser.Parsed parsed = Parser.parse(expression);
        Compilation compilation = new Compilation(expression, parsed.spans());
        compilation.condition(parsed.expr());
        return new Explanation(expression, compilation.explain(parsed.expr(), input));
    }

    private Matcher build(String text, Expr expr, Map<Expr, Span> spans, PayloadKind acceptedKind) {
        Compilation compilation = new Compilation(text, spans);
        Evaluators.Condition condition = compilation.condition(expr);
        Set<PayloadKind> kinds = possibleKinds(expr);
        if (acceptedKind == null) {
            return new Matcher(text, expr, condition, kinds);
        }
        if (!kinds.contains(acceptedKind)) {
            throw new MatchCompileException(text, "this expression can never match a " + acceptedKind.label()
                    + " payload, the only kind the listener accepts", spans.get(expr),
                    "it can only match " + labels(kinds) + " payloads: " + kindHint(acceptedKind));
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(kindGuard(acceptedKind));
        if (expr instanceof Expr.And and) {
            operands.addAll(and.operands());
        }
        else {
            operands.add(expr);
        }
        Expr guarded = new Expr.And(operands);
        return new Matcher(text, guarded, compilation.condition(guarded), EnumSet.of(acceptedKind));
    }

    private static Expr kindGuard(PayloadKind kind) {
        return new Expr.Compare(new Expr.Path("kind", List.of()), Expr.Op.EQ, new Expr.Literal(kind.label()));
    }

    private static String kindHint(PayloadKind kind) {
        return switch (kind) {
            case MEGA -> "a MegaEvent parameter receives mega payloads; match on event, object, extra, message or sns";
            case DATA -> "a Map or POJO parameter receives data objects; match on data, message or sns";
            case TEXT -> "a String parameter receives text; match on text, message or sns";
            case BINARY -> "a byte[] parameter receives binary payloads; match on message or sns";
        };
    }

    private static String labels(Set<PayloadKind> kinds) {
        List<String> labels = new ArrayList<>();
        kinds.forEach(kind -> labels.add(kind.label()));
        return kinds.isEmpty() ? "no" : String.join(" or ", labels);
    }

    /**
     * The payload kinds for which an expression can be true. Conservative: when in doubt, every
     * kind (negations, {@code == null}, {@code empty()}, user functions).
     */
    static Set<PayloadKind> possibleKinds(Expr expr) {
        Set<PayloadKind> all = EnumSet.allOf(PayloadKind.class);
        if (expr instanceof Expr.Or or) {
            Set<PayloadKind> kinds = EnumSet.noneOf(PayloadKind.class);
            or.operands().forEach(o -> kinds.addAll(possibleKinds(o)));
            return kinds;
        }
        if (expr instanceof Expr.And and) {
            Set<PayloadKind> kinds = EnumSet.copyOf(all);
            and.operands().forEach(o -> kinds.retainAll(possibleKinds(o)));
            return kinds;
        }
        if (expr instanceof Expr.Compare compare) {
            Expr path = compare.left() instanceof Expr.Literal ? compare.right() : compare.left();
            Expr other = path == compare.left() ? compare.right() : compare.left();
            if (other instanceof Expr.Literal literal && literal.value() == null && compare.op() == Expr.Op.EQ) {
                return all;
            }
            if (path instanceof Expr.Path p && p.root().equals("kind") && p.segments().isEmpty()
                    && other instanceof Expr.Literal literal && literal.value() instanceof String label) {
                Set<PayloadKind> named = kindsNamed(List.of(label));
                if (compare.op() == Expr.Op.EQ) {
                    return named;
                }
                if (compare.op() == Expr.Op.NE) {
                    Set<PayloadKind> rest = EnumSet.copyOf(all);
                    rest.removeAll(named);
                    return rest;
                }
            }
            return pathKinds(compare);
        }
        if (expr instanceof Expr.In in) {
            if (in.value() instanceof Expr.Path p && p.root().equals("kind") && p.segments().isEmpty() && !in.negated()) {
                List<String> labels = new ArrayList<>();
                in.list().elements().forEach(e -> labels.add(String.valueOf(e.value())));
                return kindsNamed(labels);
            }
            return pathKinds(in);
        }
        if (expr instanceof Expr.Call call && (call.name().equals("empty") || !Builtins.ARITIES.containsKey(call.name()))) {
            return all;
        }
        if (expr instanceof Expr.Literal || expr instanceof Expr.Not) {
            return all;
        }
        return pathKinds(expr);
    }

    private static Set<PayloadKind> kindsNamed(List<String> labels) {
        Set<PayloadKind> kinds = EnumSet.noneOf(PayloadKind.class);
        for (PayloadKind kind : PayloadKind.values()) {
            if (labels.contains(kind.label())) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /**
     * A condition needs every path it reads to be present: the intersection of their roots' kinds.
     * Only what a false-when-missing condition reads counts: {@code exists(p)} as a condition needs
     * {@code p}, but as a value ({@code exists(data.x) == false}, true for text) it needs nothing.
     */
    private static Set<PayloadKind> pathKinds(Expr condition) {
        List<Expr.Path> required = new ArrayList<>();
        if (condition instanceof Expr.Compare compare) {
            requiredPaths(compare.left(), required);
            requiredPaths(compare.right(), required);
        }
        else if (condition instanceof Expr.In in) {
            requiredPaths(in.value(), required);
        }
        else if (condition instanceof Expr.Matches matches) {
            requiredPaths(matches.value(), required);
        }
        else if (condition instanceof Expr.Call call && call.name().equals("exists")) {
            call.arguments().forEach(a -> requiredPaths(a, required));
        }
        else {
            requiredPaths(condition, required);
        }
        Set<PayloadKind> kinds = EnumSet.allOf(PayloadKind.class);
        for (Expr.Path path : required) {
            PayloadKind kind = ROOT_KINDS.get(path.root());
            if (kind != null) {
                kinds.retainAll(EnumSet.of(kind));
            }
        }
        return kinds;
    }

    /**
     * The paths whose absence makes a value missing: the path itself, and the arguments of a
     * built-in (a built-in of a missing argument is missing), except {@code exists} and
     * {@code empty}, which are never missing, and user functions, which are given null.
     */
    private static void requiredPaths(Expr value, List<Expr.Path> found) {
        if (value instanceof Expr.Path path) {
            found.add(path);
        }
        else if (value instanceof Expr.Call call && Builtins.ARITIES.containsKey(call.name())
                && !call.name().equals("empty") && !call.name().equals("exists")) {
            call.arguments().forEach(a -> requiredPaths(a, found));
        }
    }

    /** One compilation: validates and builds, reporting errors at the spans the parser recorded. */
    private final class Compilation {

        private final String text;
        private final Map<Expr, Span> spans;

        Compilation(String text, Map<Expr, Span> spans) {
            this.text = text;
            this.spans = spans;
        }

        Explanation.Step explain(Expr expr, MatchInput input) {
            Explanation.Step.Kind kind = expr instanceof Expr.And ? Explanation.Step.Kind.AND
                    : expr instanceof Expr.Or ? Explanation.Step.Kind.OR
                    : expr instanceof Expr.Not ? Explanation.Step.Kind.NOT : Explanation.Step.Kind.CONDITION;
            List<Expr> operands = expr instanceof Expr.And and ? and.operands() : expr instanceof Expr.Or or ? or.operands()
                    : expr instanceof Expr.Not not ? List.of(not.operand()) : List.of();
            List<Explanation.Step> steps = new ArrayList<>();
            operands.forEach(operand -> steps.add(explain(operand, input)));
            List<Explanation.PathValue> values = new ArrayList<>();
            if (kind == Explanation.Step.Kind.CONDITION) {
                List<Expr.Path> paths = new ArrayList<>();
                collectPaths(expr, paths);
                for (Expr.Path path : paths) {
                    Object value = operand(path).value(input);
                    values.add(new Explanation.PathValue(ExprPrinter.render(path), value == Values.MISSING,
                            value == Values.MISSING ? null : Values.toJsonText(value)));
                }
            }
            MatchResult result;
            String problem = null;
            try {
                result = condition(expr).test(input);
            }
            catch (MatchBudgetExceededException ex) {
                result = MatchResult.FALSE;
                problem = "over the match budget: " + ex.reason();
            }
            Span span = spans.get(expr);
            if (expr instanceof Expr.Matches matches && spans.get(matches.value()) != null && span != null) {
                span = spans.get(matches.value()).to(span);
            }
            boolean oneLine = span != null && text.indexOf('\n') < 0;
            return new Explanation.Step(kind, ExprPrinter.render(expr), oneLine ? span.offset() : -1,
                    oneLine ? span.length() : 0, result, values, steps, problem);
        }

        private static void collectPaths(Expr expr, List<Expr.Path> paths) {
            if (expr instanceof Expr.Path path && !paths.contains(path)) {
                paths.add(path);
            }
            else if (expr instanceof Expr.Compare compare) {
                collectPaths(compare.left(), paths);
                collectPaths(compare.right(), paths);
            }
            else if (expr instanceof Expr.In in) {
                collectPaths(in.value(), paths);
            }
            else if (expr instanceof Expr.Matches matches) {
                collectPaths(matches.value(), paths);
            }
            else if (expr instanceof Expr.Call call) {
                call.arguments().forEach(argument -> collectPaths(argument, paths));
            }
        }

        Evaluators.Condition condition(Expr expr) {
            if (expr instanceof Expr.Or or) {
                return new Evaluators.Or(or.operands().stream().map(this::condition).toArray(Evaluators.Condition[]::new));
            }
            if (expr instanceof Expr.And and) {
                return new Evaluators.And(and.operands().stream().map(this::condition)
                        .toArray(Evaluators.Condition[]::new));
            }
            if (expr instanceof Expr.Not not) {
                return new Evaluators.Not(condition(not.operand()));
            }
            if (expr instanceof Expr.Compare compare) {
                return compare(compare);
            }
            if (expr instanceof Expr.In in) {
                if (in.value() instanceof Expr.Literal) {
                    throw error("a comparison of two literals", expr, "compare a path with literals, e.g. "
                            + "event.name in ['a', 'b']");
                }
                if (in.list().elements().isEmpty()) {
                    throw error("empty list", expr, "an 'in' list needs at least one value; an empty list would never match");
                }
                List<Object> values = new ArrayList<>();
                in.list().elements().forEach(e -> values.add(e.value()));
                return Evaluators.In.of(operand(in.value()), values, in.negated());
            }
            if (expr instanceof Expr.Matches matches) {
                if (matches.value() instanceof Expr.Literal) {
                    throw error("a comparison of two literals", expr, "match a path, e.g. event.name matches 'user:.*'");
                }
                return new Evaluators.Matches(operand(matches.value()), regex(matches), matches.negated(),
                        RegexGuard.programSize(matches.regex()), source(matches));
            }
            if (expr instanceof Expr.Literal literal) {
                if (literal.value() instanceof Boolean value) {
                    return input -> MatchResult.of(value);
                }
                throw error("a literal is not a condition", expr, "compare it with a path, e.g. event.name == "
                        + ExprPrinter.render(expr));
            }
            if (expr instanceof Expr.ListLiteral) {
                throw error("a list is only allowed after 'in'", expr, "write value in ['a', 'b']");
            }
            // A path or a call used as a condition: true when it is the boolean true.
            return new Evaluators.Truthy(operand(expr));
        }

        private Evaluators.Condition compare(Expr.Compare compare) {
            boolean leftLiteral = compare.left() instanceof Expr.Literal;
            boolean rightLiteral = compare.right() instanceof Expr.Literal;
            if (leftLiteral && rightLiteral) {
                throw error("a comparison of two literals is always true or always false", compare,
                        "compare a path with a literal, e.g. event.name == 'item.added'");
            }
            Expr literalSide = rightLiteral ? compare.right() : leftLiteral ? compare.left() : null;
            if (literalSide != null && ((Expr.Literal) literalSide).value() == null) {
                Expr other = literalSide == compare.right() ? compare.left() : compare.right();
                if (compare.op() != Expr.Op.EQ && compare.op() != Expr.Op.NE) {
                    throw error("null can only be compared with == or !=", compare,
                            "x == null is true when x is null or missing; x != null when it is present and not null");
                }
                return new Evaluators.NullCheck(operand(other), compare.op() == Expr.Op.EQ);
            }
            return new Evaluators.Compare(operand(compare.left()), compare.op(), operand(compare.right()),
                    source(compare));
        }

        private Pattern regex(Expr.Matches matches) {
            String problem = RegexGuard.problem(matches.regex());
            if (problem != null) {
                throw error("regular expression '" + abbreviated(matches.regex()) + "' refused: " + problem, matches,
                        "simplify the pattern; RE2 matches in linear time, but in time linear in the compiled program "
                                + "size too");
            }
            try {
                return Pattern.compile(matches.regex());
            }
            catch (StackOverflowError ex) {
                throw error("regular expression '" + abbreviated(matches.regex()) + "' is too deeply nested to compile",
                        matches, "nest fewer groups");
            }
            catch (PatternSyntaxException ex) {
                throw error("invalid regular expression '" + matches.regex() + "': " + ex.getDescription(), matches,
                        "the syntax is RE2 (no backreferences or lookaround); the pattern must match the whole value");
            }
        }

        /** The text a budget error names the condition by: its rendering, at most 120 characters. */
        private static String source(Expr expr) {
            String text = ExprPrinter.render(expr);
            return text.length() <= 120 ? text : text.substring(0, 117) + "...";
        }

        private static String abbreviated(String regex) {
            return regex.length() <= 60 ? regex : regex.substring(0, 57) + "...";
        }

        Evaluators.Operand operand(Expr expr) {
            if (expr instanceof Expr.Literal literal) {
                return new Evaluators.Constant(literal.value());
            }
            if (expr instanceof Expr.Path path) {
                if (!ROOTS.contains(path.root())) {
                    String suggestion = Suggestions.closest(path.root(), ROOTS);
                    throw error("unknown root '" + path.root() + "'", expr,
                            (suggestion != null ? "did you mean '" + suggestion + "'? " : "")
                                    + "paths start with " + String.join(", ", new TreeSet<>(ROOTS))
                                    + (functions.find(path.root()).isPresent() || Builtins.ARITIES.containsKey(path.root())
                                            ? "; call a function with ()" : ""));
                }
                return new Evaluators.PathOperand(PathAccessor.of(path));
            }
            if (expr instanceof Expr.Call call) {
                return call(call);
            }
            if (expr instanceof Expr.ListLiteral) {
                throw error("a list is only allowed after 'in'", expr, "use contains to test a list path");
            }
            throw error("a condition cannot be used as a value", expr, "compare paths, literals and function results");
        }

        private Evaluators.Operand call(Expr.Call call) {
            String name = call.name();
            Integer builtinArity = Builtins.ARITIES.get(name);
            MatchFunction user = functions.find(name).orElse(null);
            if (builtinArity == null && user == null) {
                List<String> known = new ArrayList<>(Builtins.ARITIES.keySet());
                known.addAll(functions.names());
                String suggestion = Suggestions.closest(name, known);
                throw error("unknown function '" + name + "'", call, suggestion != null
                        ? "did you mean '" + suggestion + "'?"
                        : "built-in functions are " + String.join(", ", new TreeSet<>(Builtins.ARITIES.keySet()))
                                + "; register your own by name");
            }
            int arity = builtinArity != null ? builtinArity
                    : user.arity() == MatchFunction.VARIABLE_ARITY ? call.arguments().size() : user.arity();
            if (call.arguments().size() != arity) {
                throw error(name + "() takes " + arity + (arity == 1 ? " argument" : " arguments") + ", got "
                        + call.arguments().size(), call, null);
            }
            if (name.equals("exists")) {
                if (!(call.arguments().get(0) instanceof Expr.Path)) {
                    throw error("exists() takes a path", call, "e.g. exists(event.attributes.coupon)");
                }
                return new Evaluators.Exists(operand(call.arguments().get(0)));
            }
            if (name.equals("empty")) {
                return new Evaluators.Empty(operand(call.arguments().get(0)));
            }
            if ((name.equals("date") || name.equals("datetime"))
                    && call.arguments().get(0) instanceof Expr.Literal literal) {
                return new Evaluators.Constant(dateLiteral(call, literal));
            }
            Object[] constants = new Object[arity];
            Evaluators.Operand[] arguments = new Evaluators.Operand[arity];
            for (int i = 0; i < arity; i++) {
                Expr argument = call.arguments().get(i);
                constants[i] = argument instanceof Expr.Literal literal ? literal.value() : null;
                arguments[i] = operand(argument);
            }
            if (name.equals("cidr") && constants[1] instanceof String block && Cidr.parse(block) == null) {
                throw error("'" + block + "' is not an IPv4 or IPv6 address block", call,
                        "write e.g. cidr(message.attributes.ip, '10.0.0.0/8') or '2001:db8::/32'");
            }
            Builtins.Body body = builtinArity != null ? Builtins.body(name, constants) : Evaluators.userFunction(user);
            return new Evaluators.Call(name, body, arguments, builtinArity != null, source(call));
        }

        private Object dateLiteral(Expr.Call call, Expr.Literal literal) {
            Object value = literal.value() instanceof String text
                    ? (call.name().equals("date") ? Values.toDate(text) : Values.toInstant(text)) : null;
            boolean exact = call.name().equals("date") ? value instanceof LocalDate && ((String) literal.value())
                    .length() == 10 : value instanceof Instant;
            if (!exact) {
                throw error(call.name() + "(" + ExprPrinter.render(literal) + ") is not a valid "
                        + (call.name().equals("date") ? "calendar date" : "ISO-8601 date-time"), call,
                        call.name().equals("date") ? "write date('2020-01-31')"
                                : "write datetime('2020-05-04T15:53:27Z'); no offset means UTC");
            }
            return value;
        }

        private MatchCompileException error(String problem, Expr at, String hint) {
            return new MatchCompileException(text, problem, spans.get(at), hint);
        }
    }
}
