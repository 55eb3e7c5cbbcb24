package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The programmatic API, the printer, and linear-time regular expressions. */
class MatchApiTest {

    private final MatchCompiler compiler = MatchSemanticsTest.COMPILER;

    @Test
    void codeAndTextCompileToTheSameMatcher() {
        Map<Expr, String> pairs = Map.of(
                Match.allOf(Match.path("event.name").eq("item.added"), Match.path("event.attributes.quantity").gt(0)),
                "event.name == 'item.added' && event.attributes.quantity > 0",
                Match.or(Match.path("event.name").in("a", "b"), Match.not(Match.path("data.tags[*]").contains("x"))),
                "event.name in ['a', 'b'] || !contains(data.tags[*], 'x')",
                Match.and(Match.path("event.name").notMatches("user:.*"), Match.path("event.x").ne(null)),
                "event.name not matches 'user:.*' && event.x != null",
                Match.anyOf(Match.path("event.timestamp").ge(LocalDate.parse("2020-01-01")),
                        Match.path("sns.timestamp").lt(Instant.parse("2020-05-04T15:53:27Z"))),
                "event.timestamp >= date('2020-01-01') || sns.timestamp < datetime('2020-05-04T15:53:27.000Z')",
                Match.allOf(Match.call("isVip", Match.path("event.subject")).asCondition(),
                        Match.path("data['odd-key'][0]").exists(), Match.path("event.ratio").le(0.5)),
                "isVip(event.subject) && exists(data['odd-key'][0]) && event.ratio <= 0.5");
        pairs.forEach((expr, text) -> {
            Matcher fromCode = compiler.compile(expr);
            Matcher fromText = compiler.compile(text);
            assertThat(fromCode.tree()).as(text).isEqualTo(fromText.tree());
            assertThat(fromCode.expression()).isEqualTo(text);
        });
    }

    @Test
    void codeBuiltMatchersEvaluateLikeText() {
        MatchInput mega = MatchSemanticsTest.mega();
        Expr expr = Match.allOf(Match.path("event.name").startsWith("item."), Match.path("event.quantity").ge(5),
                Match.path("object.current.items[*].price").gt(100));
        assertThat(compiler.compile(expr, PayloadKind.MEGA).evaluate(mega)).isEqualTo(MatchResult.TRUE);
    }

    @Test
    void printedExpressionsParseBackToTheSameTree() {
        for (String text : List.of(
                "event.name == 'it\\'s' && (a.b == 1 || !exists(data.x))".replace("a.b", "data.b"),
                "text matches '\\\\d+\\\\.\\\\d+' || text matches '\\d+'",
                "!(event.a in [1, 2.5, -3, 1e3, true, null, 'x']) && event.b not in [date('2020-01-02')]",
                "lower(event.name) == 'x' && size(data.items[*].tags) > 2 && data['a b']['c\\nd'] == \"q\"")) {
            Expr tree = compiler.compile(text).tree();
            String printed = ExprPrinter.render(tree);
            assertThat(compiler.compile(printed).tree()).as(printed).isEqualTo(tree);
        }
    }

    @Test
    @Timeout(10)
    void regularExpressionsRunInLinearTime() {
        // (a+)+$ takes exponential time in a backtracking engine on 'aaaa…!'; RE2J is linear.
        Matcher matcher = compiler.compile("text matches '(a+)+$' || text matches '(a|a)*b' || text matches '(.*a){20}'");
        MatchInput adversarial = MatchInput.of(new Payload.Text("a".repeat(50_000) + "!"));
        long start = System.nanoTime();
        MatchResult result = matcher.evaluate(adversarial);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result).isEqualTo(MatchResult.FALSE);
        assertThat(elapsed).as("catastrophic patterns on 50,000 characters").isLessThan(Duration.ofSeconds(1));
    }
}
