package io.sqsmega.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.sqsmega.match.Explanation;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import io.sqsmega.match.Matcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the compiler with expressions: it compiles or explains with a {@link MatchCompileException}
 * (never another exception, a stack overflow or a hang), a compiled expression renders back to text
 * that compiles to the same tree, and evaluating it on a message of every kind returns a result or
 * reports the match budget. Seeds: {@code compiler-seeds.json}.
 */
class MatchCompilerFuzzTest {

    static Stream<Arguments> compilesOrExplains() {
        return Seeds.load("compiler-seeds.json", "expression");
    }

    @MethodSource
    @FuzzTest(maxDuration = "5m")
    void compilesOrExplains(@NotNull String expression) {
        Object compiled = FuzzBudget.timed("compiling " + expression.length() + " characters", expression.length(),
                List.of(expression), () -> {
                    try {
                        return FuzzInputs.COMPILER.compile(expression);
                    }
                    catch (MatchCompileException ex) {
                        return ex;
                    }
                });
        if (compiled instanceof MatchCompileException ex) {
            assertThat(ex.problem()).isNotBlank();
            return;
        }
        Matcher matcher = (Matcher) compiled;
        Matcher again = FuzzInputs.COMPILER.compile(matcher.expression());
        assertThat(again.tree()).as("%s rendered as %s", expression, matcher.expression()).isEqualTo(matcher.tree());
        for (MatchInput input : FuzzInputs.messages()) {
            MatchResult result;
            try {
                result = matcher.evaluate(input);
            }
            catch (MatchBudgetExceededException ex) {
                assertThat(ex.reason()).isNotBlank();
                continue;
            }
            // match --explain tells the same story as the matcher, and always names a deciding condition.
            Explanation explanation = FuzzInputs.COMPILER.explain(expression, input);
            assertThat(explanation.result()).as("explain %s on %s", expression, input).isEqualTo(result);
            assertThat(explanation.decidedBy()).isNotNull();
        }
    }
}
