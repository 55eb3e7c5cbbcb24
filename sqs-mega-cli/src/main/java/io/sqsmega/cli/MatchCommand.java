package io.sqsmega.cli;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.match.Explanation;
import io.sqsmega.match.FunctionRegistry;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import io.sqsmega.match.Matcher;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code match --expr EXPRESSION [--attribute NAME=VALUE]... [--function NAME=true|false|throw]... < body}:
 * decodes the body exactly like {@code decode} and prints {@code true}, {@code false} or
 * {@code undecided}; with {@code --explain}, then every condition with its result and the values
 * it read. A compile error goes to standard error with exit status 2.
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Decodes one message body from standard input and evaluates a match expression on it.",
            "Prints true, false or undecided (exit 0). An invalid body or an SNS confirmation is never dispatched,",
            "so it prints false (the reason goes to standard error).",
            "A compile error prints the expression, caret and hint to standard error (exit 2)."})
final class MatchCommand implements Callable<Integer> {

    private final InputStream in;

    @Spec
    private CommandSpec spec;

    @Option(names = "--expr", required = true, paramLabel = "EXPRESSION", description = "The match expression.")
    private String expression;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE",
            description = "An SQS message attribute: mega-payload changes the decoding; all are message.attributes.NAME.")
    private Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--explain", description = "After the result, print every condition with its result and the "
            + "values it read, and mark the condition that decided the result.")
    private boolean explain;

    @Option(names = "--function", paramLabel = "NAME=true|false|throw",
            description = "Registers a test function of any arity that returns true or false, or throws (undecided).")
    private Map<String, String> functions = new LinkedHashMap<>();

    MatchCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() {
        Matcher matcher;
        try {
            matcher = MatchCompiler.create(registry()).compile(expression);
        }
        catch (MatchCompileException ex) {
            spec.commandLine().getErr().println(ex.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
        DecodeResult result = BodyDecoder.create().decode(StandardIn.readBody(in), attributes);
        MatchResult outcome;
        if (result instanceof DecodeResult.Decoded decoded) {
            try {
                outcome = matcher.evaluate(MatchInput.of(decoded, null, 0, attributes));
            }
            catch (MatchBudgetExceededException ex) {
                spec.commandLine().getErr().println("over the match budget: " + ex.reason()
                        + " (a listener container gives this message its invalid policy)");
                outcome = MatchResult.FALSE;
            }
        }
        else {
            String why = result instanceof DecodeResult.Invalid invalid ? "invalid body: " + invalid.reason()
                    : "SNS confirmation";
            spec.commandLine().getErr().println(why + " (never dispatched)");
            outcome = MatchResult.FALSE;
        }
        spec.commandLine().getOut().println(outcome.name().toLowerCase(Locale.ROOT));
        if (explain && result instanceof DecodeResult.Decoded decoded) {
            Explanation explanation = MatchCompiler.create(registry()).explain(expression,
                    MatchInput.of(decoded, null, 0, attributes));
            printExplanation(explanation);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void printExplanation(Explanation explanation) {
        java.io.PrintWriter out = spec.commandLine().getOut();
        Explanation.Step decided = explanation.decidedBy();
        out.println(explanation.expression());
        if (decided.offset() >= 0) {
            out.println(" ".repeat(decided.offset()) + "^".repeat(Math.max(1, decided.length())) + " decided it: "
                    + label(decided.result()));
        }
        else {
            out.println("decided by: " + decided.text());
        }
        print(out, explanation.root(), 1, decided);
    }

    private static void print(java.io.PrintWriter out, Explanation.Step step, int depth, Explanation.Step decided) {
        StringBuilder line = new StringBuilder("  ".repeat(depth)).append(String.format("%-9s ", label(step.result())))
                .append(switch (step.kind()) {
                    case AND -> "&&";
                    case OR -> "||";
                    case NOT -> "!";
                    case CONDITION -> step.text();
                });
        List<String> notes = new ArrayList<>();
        step.values().forEach(value -> notes.add(value.missing() ? value.path() + " is missing"
                : value.path() + " = " + value.value()));
        if (step.problem() != null) {
            notes.add(step.problem());
        }
        if (!notes.isEmpty()) {
            line.append("    (").append(String.join(", ", notes)).append(')');
        }
        if (step == decided) {
            line.append("  <- decided");
        }
        out.println(line);
        step.steps().forEach(operand -> print(out, operand, depth + 1, decided));
    }

    private static String label(MatchResult result) {
        return result.name().toLowerCase(Locale.ROOT);
    }

    private FunctionRegistry registry() {
        List<MatchFunction> registered = new ArrayList<>();
        functions.forEach((name, behaviour) -> {
            Object constant = switch (behaviour) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "throw" -> null;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--function " + name + "=" + behaviour + ": the behaviour must be true, false or throw");
            };
            try {
                registered.add(MatchFunction.of(name, MatchFunction.VARIABLE_ARITY, args -> {
                    if (constant == null) {
                        throw new IllegalStateException(name + " throws, as --function asked");
                    }
                    return constant;
                }));
            }
            catch (IllegalArgumentException ex) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--function " + name + ": " + ex.getMessage());
            }
        });
        try {
            return FunctionRegistry.of(registered);
        }
        catch (IllegalArgumentException ex) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--function: " + ex.getMessage());
        }
    }
}
