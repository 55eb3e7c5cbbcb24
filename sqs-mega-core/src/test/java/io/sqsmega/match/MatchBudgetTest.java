package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The match budget (issue 12, slow inputs): whatever a body holds, one condition does a bounded
 * amount of work, and work past the bound is refused before it starts with a
 * {@link MatchBudgetExceededException} naming the condition. Each test states its limit by
 * behaviour; none measures time.
 */
class MatchBudgetTest {

    private final MatchCompiler compiler = MatchCompiler.create(FunctionRegistry.of(
            MatchFunction.of("pair", 2, args -> args.get(0) + "/" + args.get(1))));

    private static MatchInput data(Map<String, Object> data) {
        return MatchInput.of(new Payload.Data(data));
    }

    private static MatchInput body(String json) {
        return MatchInput.of(((DecodeResult.Decoded) BodyDecoder.create().decode(json)).payload());
    }

    private static MatchInput text(String text) {
        return MatchInput.of(new Payload.Text(text));
    }

    private static List<Object> repeated(Object value, int count) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(value);
        }
        return list;
    }

    private static List<Object> followedBy(List<Object> list, Object last) {
        List<Object> longer = new ArrayList<>(list);
        longer.add(last);
        return longer;
    }

    @Test
    void aNumericStringOfMoreThanAThousandCharactersIsNotANumber() {
        // Finding 9: parsing was quadratic (a million sevens took 15 s to compare with 5).
        Matcher five = compiler.compile("data.x > 5");
        assertThat(five.evaluate(data(Map.of("x", "7".repeat(1000))))).isEqualTo(MatchResult.TRUE);
        assertThat(five.evaluate(data(Map.of("x", "7".repeat(1001))))).isEqualTo(MatchResult.FALSE);
        assertThat(five.evaluate(data(Map.of("x", "7".repeat(1_040_000))))).isEqualTo(MatchResult.FALSE);
        assertThat(compiler.compile("data.x == 5").evaluate(body("{\"x\":\"" + "7".repeat(640_000) + "\"}")))
                .isEqualTo(MatchResult.FALSE);
        // A string is still equal to the same string, whatever its length.
        assertThat(compiler.compile("data.x == '" + "7".repeat(2000) + "'")
                .evaluate(data(Map.of("x", "7".repeat(2000))))).isEqualTo(MatchResult.TRUE);
    }

    @Test
    void aNumberLiteralOfMoreThanAThousandCharactersIsACompileError() {
        assertThatThrownBy(() -> compiler.compile("data.x == " + "7".repeat(200_000)))
                .isInstanceOf(MatchCompileException.class)
                .hasMessageContaining("a number of 200000 characters")
                .hasMessageContaining("a number has at most 1000 characters");
        assertThat(compiler.compile("data.x == " + "7".repeat(1000)).evaluate(data(Map.of("x", "7".repeat(1000)))))
                .isEqualTo(MatchResult.TRUE);
    }

    @Test
    void aComparisonOfTwoMultiValuedSidesEvaluatesAtMost1024Combinations() {
        // Finding 10: data.a[*] == data.b[*] on 384 KB took 109 s.
        Matcher pairs = compiler.compile("data.a[*] == data.b[*]");
        assertThat(pairs.evaluate(data(Map.of("a", repeated(1, 32), "b", followedBy(repeated(2, 31), 1)))))
                .isEqualTo(MatchResult.TRUE);
        assertThatThrownBy(() -> pairs.evaluate(data(Map.of("a", repeated(1, 33), "b", repeated(2, 32)))))
                .isInstanceOf(MatchBudgetExceededException.class)
                .hasMessage("data.a[*] == data.b[*] would evaluate 1,056 combinations of multi-valued values, more "
                        + "than the 1,024 allowed");
        assertThatThrownBy(() -> pairs.evaluate(data(Map.of("a", repeated(1, 48_000), "b", repeated(2, 48_000)))))
                .isInstanceOf(MatchBudgetExceededException.class).hasMessageContaining("2,304,000,000 combinations");
        // One multi-valued side is linear in the body: no cap.
        assertThat(compiler.compile("data.a[*] == 2").evaluate(data(Map.of("a", followedBy(repeated(1, 100_000), 2)))))
                .isEqualTo(MatchResult.TRUE);
    }

    @Test
    void aFunctionOfSeveralMultiValuedArgumentsIsBoundToo() {
        Matcher paired = compiler.compile("pair(data.a[*], data.b[*]) == '1/2'");
        assertThat(paired.evaluate(data(Map.of("a", repeated(1, 32), "b", repeated(2, 32))))).isEqualTo(MatchResult.TRUE);
        assertThatThrownBy(() -> paired.evaluate(data(Map.of("a", repeated(1, 33), "b", repeated(2, 32)))))
                .isInstanceOf(MatchBudgetExceededException.class)
                .hasMessageStartingWith("pair(data.a[*], data.b[*]) would evaluate 1,056 combinations");
        // One multi-valued argument applies to every element (it used to stop silently after 1,024).
        assertThat(compiler.compile("upper(data.tags[*]) == 'B'")
                .evaluate(data(Map.of("tags", followedBy(repeated("a", 1500), "b")))))
                .isEqualTo(MatchResult.TRUE);
    }

    @Test
    void aRegularExpressionDoesAtMostItsBudgetOfWorkOnAText() {
        // Finding 8: .*(.{1000}){10}x on 8 KB took 576 ms, on 128 KB 14 s; .*a.{0,200}b.* on 128 KB 0.5 s.
        String eightK = "ab".repeat(4096);
        assertThatThrownBy(() -> compiler.compile("text matches '.*(.{1000}){10}x'").evaluate(text(eightK)))
                .isInstanceOf(MatchBudgetExceededException.class)
                .hasMessageStartingWith("text matches '.*(.{1000}){10}x' would take about 82,026,496 steps on 8,192 "
                        + "characters (a program of about 10,013 instructions), more than the 3,000,000 + 60 per "
                        + "character allowed");
        Matcher spread = compiler.compile("text matches '.*a.{0,200}b.*'");
        assertThat(spread.evaluate(text(eightK))).isEqualTo(MatchResult.TRUE);
        assertThatThrownBy(() -> spread.evaluate(text("ab".repeat(65_536))))
                .isInstanceOf(MatchBudgetExceededException.class);
        // Everyday patterns read a whole 1 MiB body.
        String mebibyte = "x".repeat(1 << 20);
        assertThat(compiler.compile("text matches '.*error.*'").evaluate(text(mebibyte))).isEqualTo(MatchResult.FALSE);
        assertThat(compiler.compile("text matches '(?i)[a-z]+'").evaluate(text(mebibyte))).isEqualTo(MatchResult.TRUE);
        // The elements of a [*] path count together.
        Matcher tags = compiler.compile("data.tags[*] matches '.*a.{0,200}b.*'");
        assertThat(tags.evaluate(data(Map.of("tags", repeated("ab", 2000))))).isEqualTo(MatchResult.TRUE);
        assertThatThrownBy(() -> tags.evaluate(data(Map.of("tags", repeated("ab".repeat(100), 1000)))))
                .isInstanceOf(MatchBudgetExceededException.class).hasMessageContaining("on 200,000 characters");
    }

    @Test
    void containsFindsLongNeedlesInLinearTimeWithTheSameAnswers() {
        // A 64 KiB needle in 128 KiB of text, both from the body, took 2.4 s with String.contains.
        String haystack = "a".repeat(131_072);
        assertThat(Builtins.contains(haystack, "a".repeat(65_536) + "b")).isFalse();
        assertThat(Builtins.contains(haystack + "b", "a".repeat(65_536) + "b")).isTrue();
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            String text = randomText(random, random.nextInt(400));
            String part = random.nextInt(3) == 0 && text.length() > 70
                    ? text.substring(random.nextInt(text.length() - 70)).substring(0, 65 + random.nextInt(5))
                    : randomText(random, 60 + random.nextInt(20));
            assertThat(Builtins.contains(text, part)).as("'%s' in '%s'", part, text).isEqualTo(text.contains(part));
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(2)));
        }
        return text.toString();
    }

    @Test
    void budgetErrorsAreRaisedForEveryKindOfCondition() {
        assertThat(compiler.compile("text matches '.*'", PayloadKind.TEXT).evaluate(text("x".repeat(1 << 20))))
                .isEqualTo(MatchResult.TRUE);
        MatchBudgetExceededException ex = org.junit.jupiter.api.Assertions.assertThrows(
                MatchBudgetExceededException.class, () -> compiler.compile("data.a[*] != data.b[*]")
                        .evaluate(data(Map.of("a", repeated(1, 2000), "b", repeated(1, 2000)))));
        assertThat(ex.reason()).isEqualTo(ex.getMessage());
        assertThat(ex.getStackTrace()).isEmpty();
    }
}
