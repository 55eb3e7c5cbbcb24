package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.codec.PayloadKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every compile error of the specification, with its message, position, caret and hint. */
class MatchCompileErrorTest {

    private final MatchCompiler compiler = MatchCompiler.create(FunctionRegistry.of(MatchSemanticsTest.IS_VIP));

    private MatchCompileException error(String expression) {
        return error(expression, null);
    }

    private MatchCompileException error(String expression, PayloadKind kind) {
        try {
            compiler.compile(expression, kind);
        }
        catch (MatchCompileException ex) {
            assertThat(ex.expression()).isEqualTo(expression);
            return ex;
        }
        throw new AssertionError("compiled without error: " + expression);
    }

    @Test
    void theMessageShowsExpressionCaretAndHint() {
        MatchCompileException ex = error("strtsWith(event.name, 'user.')");
        assertThat(ex).hasMessage("""
                unknown function 'strtsWith' at line 1, column 1
                  strtsWith(event.name, 'user.')
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                hint: did you mean 'startsWith'?""");
        assertThat(ex.problem()).isEqualTo("unknown function 'strtsWith'");
        assertThat(ex.hint()).isEqualTo("did you mean 'startsWith'?");
        assertThat(ex.line()).isEqualTo(1);
        assertThat(ex.column()).isEqualTo(1);
    }

    @Test
    void twoConditionsWithoutAnOperator() {
        MatchCompileException ex = error("event.name == 'x' event.v == 1");
        assertThat(ex.problem()).isEqualTo("unexpected 'event' after a complete condition");
        assertThat(ex.column()).isEqualTo(19);
        assertThat(ex.hint()).isEqualTo("join conditions with && or ||");
    }

    @Test
    void multiLineExpressionsPointAtTheRightLine() {
        MatchCompileException ex = error("event.name == 'a'\n  && evnt.quantity > 1");
        assertThat(ex.line()).isEqualTo(2);
        assertThat(ex.column()).isEqualTo(6);
        assertThat(ex).hasMessage("""
                unknown root 'evnt' at line 2, column 6
                    && evnt.quantity > 1
                       ^^^^^^^^^^^^^
                hint: did you mean 'event'? paths start with data, event, extra, kind, message, object, sns, text""");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // syntax errors
        "event.name = 'x'              | unexpected character '='                              | 12 | use == to compare",
        "event.name == 'x' & a == 1    | unexpected character '&'                              | 19 | use && (or 'and') for both",
        "event.name is 'x'             | unexpected 'is' after a complete condition            | 12 | did you mean '=='?",
        "event.name ==                 | the expression ends where a value was expected        | 14 | complete the condition, e.g. event.name == 'x'",
        "(event.name == 'x'            | expected ')', found the end of the expression         | 19 | close the parenthesis opened at column 1",
        "event.name == 'x')            | unexpected ')' after a complete condition             | 18 | remove the extra ')'",
        "event.name == 'x              | unterminated string                                   | 15 | close the string with '",
        "event.tags[-1] == 'x'         | index -1 is not a list position                       | 12 | use 0 for the first element, [*] for every element",
        "event.0 == 'x'                | '.0' is not a key                                     | 7  | use [0] for a list index",
        "event.name matches user       | 'matches' needs a quoted regular expression, found 'user' | 20 | e.g. event.name matches 'user:.*'",
        "event.name in 'a'             | 'in' needs a list, found the string 'a'               | 15 | e.g. event.name in ['a', 'b']",
        "event.name == ['a']           | a list is only allowed after 'in'                     | 15 | write value in ['a', 'b'], or use contains to test a list",
        "event.name in [event.x]       | list elements must be literals                        | 16 | use strings, numbers, true, false, null, date() or datetime()",
        "and == 1                      | expected a path, a literal or a function call, found 'and' | 1 |",
        "event.name startsWith         | the expression ends where a value was expected        | 22 | complete the condition, e.g. event.name == 'x'",
        "12abc == 1                    | malformed number '12a'                                | 1  | separate a number from the next word with a space",
        // unknown root or function, arity
        "evnt.name == 'x'              | unknown root 'evnt'                                   | 1  | did you mean 'event'? paths start with data, event, extra, kind, message, object, sns, text",
        "payload.x == 1                | unknown root 'payload'                                | 1  | paths start with data, event, extra, kind, message, object, sns, text",
        "isvip(event.subject)          | unknown function 'isvip'                              | 1  | did you mean 'isVip'?",
        "frobnicate(event.name)        | unknown function 'frobnicate'                         | 1  | built-in functions are cidr, contains, date, datetime, empty, endsWith, exists, lower, size, startsWith, upper; register your own by name",
        "startsWith(event.name)        | startsWith() takes 2 arguments, got 1                 | 1  |",
        "isVip(event.subject, 1)       | isVip() takes 1 argument, got 2                       | 1  |",
        "exists('x')                   | exists() takes a path                                 | 1  | e.g. exists(event.attributes.coupon)",
        // regex, date literals, lists, literals, nesting
        "event.name matches '(a'       | invalid regular expression '(a': missing closing )   | 20 | the syntax is RE2 (no backreferences or lookaround); the pattern must match the whole value",
        "event.name matches '(a)\\1'   | invalid regular expression '(a)\\1': invalid escape sequence | 20 | the syntax is RE2 (no backreferences or lookaround); the pattern must match the whole value",
        "event.timestamp > date('2020-13-01') | date('2020-13-01') is not a calendar date      | 24 | write date('2020-01-31')",
        "event.timestamp > datetime('soon')   | datetime('soon') is not an ISO-8601 date-time  | 28 | write datetime('2020-05-04T15:53:27Z'); no offset means UTC",
        "event.name in []              | empty list                                            | 15 | an 'in' list needs at least one value; an empty list would never match",
        "'a' == 'a'                    | a comparison of two literals is always true or always false | 1 | compare a path with a literal, e.g. event.name == 'item.added'",
        "1 in [1, 2]                   | a comparison of two literals                          | 1  | compare a path with literals, e.g. event.name in ['a', 'b']",
        "event.x > null                | null can only be compared with == or !=               | 1  | x == null is true when x is null or missing; x != null when it is present and not null",
        "'item.added'                  | a literal is not a condition                          | 1  | compare it with a path, e.g. event.name == 'item.added'",
        "cidr(event.ip, '10.0.0.0/33') | '10.0.0.0/33' is not an IPv4 or IPv6 address block    | 1  | write e.g. cidr(message.attributes.ip, '10.0.0.0/8') or '2001:db8::/32'",
    })
    void reportsEveryListedError(String expression, String problem, int column, String hint) {
        MatchCompileException ex = error(expression.strip());
        assertThat(ex.problem()).isEqualTo(problem.strip());
        assertThat(ex.column()).isEqualTo(column);
        assertThat(ex.hint()).isEqualTo(hint == null ? null : hint.strip());
        assertThat(ex.getMessage()).contains(expression.strip().split("\n")[0]).contains("^");
    }

    @Test
    void nestingDeeperThan32IsAnError() {
        String ok = "(".repeat(32) + "event.name == 'x'" + ")".repeat(32);
        assertThat(compiler.compile(ok).matches(MatchSemanticsTest.mega())).isFalse();
        MatchCompileException ex = error("(".repeat(33) + "event.name == 'x'" + ")".repeat(33));
        assertThat(ex.problem()).isEqualTo("the expression nests deeper than 32 levels");
        assertThat(ex.column()).isEqualTo(33);
        assertThat(error("!".repeat(40) + "event.flag").problem()).isEqualTo("the expression nests deeper than 32 levels");
    }

    @Test
    void hostileInputsFailCleanly() {
        assertThat(error("(".repeat(100_000)).problem()).isEqualTo("the expression nests deeper than 32 levels");
        assertThat(error("lower(".repeat(10_000)).problem()).isEqualTo("the expression nests deeper than 32 levels");
        assertThat(error("").problem()).isEqualTo("empty match expression");
        assertThat(error("   ").hint()).isEqualTo("leave 'match' out to accept every payload of the listener's kind");
    }

    @Test
    void aMatchThatCanNeverFitTheListenersKindIsAnError() {
        MatchCompileException ex = error("data.x == 1", PayloadKind.MEGA);
        assertThat(ex.problem()).isEqualTo("this expression can never match a mega payload, the only kind the listener accepts");
        assertThat(ex.hint()).isEqualTo("it can only match data payloads: a MegaEvent parameter receives mega payloads; "
                + "match on event, object, extra, message or sns");
        assertThat(error("kind == 'text'", PayloadKind.DATA).hint()).startsWith("it can only match text payloads");
        assertThat(error("event.name == 'a' && data.x == 1", PayloadKind.MEGA).hint()).startsWith("it can only match no payloads");
        // Fits: either side may match, negations and null checks fit anything.
        compiler.compile("event.name == 'a' || data.x == 1", PayloadKind.DATA);
        compiler.compile("!(data.x == 1)", PayloadKind.MEGA);
        compiler.compile("message.attributes.tenant == 'acme'", PayloadKind.BINARY);
    }

    @Test
    void userFunctionsCannotShadowTheLanguage() {
        assertThatThrownBy(() -> FunctionRegistry.of(MatchFunction.of("lower", 1, a -> null)))
                .hasMessage("'lower' is a built-in match function; choose another name");
        assertThatThrownBy(() -> FunctionRegistry.of(MatchFunction.of("event", 1, a -> null)))
                .hasMessage("'event' is reserved in the match language; choose another name");
        assertThatThrownBy(() -> FunctionRegistry.of(MatchSemanticsTest.IS_VIP, MatchSemanticsTest.IS_VIP))
                .hasMessage("Two match functions are named 'isVip'");
        assertThatThrownBy(() -> MatchFunction.of("is-vip", 1, a -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expressionsBuiltInCodeReportWithoutCaret() {
        assertThatThrownBy(() -> compiler.compile(Match.call("nope", Match.path("event.name")).asCondition()))
                .isInstanceOf(MatchCompileException.class)
                .hasMessage("unknown function 'nope' in: nope(event.name)\nhint: built-in functions are cidr, contains, "
                        + "date, datetime, empty, endsWith, exists, lower, size, startsWith, upper; register your own by name");
    }
}
