package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.codec.Payload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MatchCompiler#explain}: every condition's result, the values read, the deciding condition. */
class ExplanationTest {

    private static final MatchCompiler COMPILER = MatchCompiler.create(FunctionRegistry.of(
            MatchFunction.of("boom", 1, args -> {
                throw new IllegalStateException("boom");
            })));

    private static MatchInput data(Map<String, Object> data) {
        return MatchInput.of(new Payload.Data(data));
    }

    @Test
    void aFalseAndIsDecidedByItsFirstFalseOperandWithTheValuesItRead() {
        String expression = "data.sku == 'A-1' && data.quantity > 2 && data.x == 1";
        Explanation explanation = COMPILER.explain(expression, data(Map.of("sku", "A-1", "quantity", 2)));

        assertThat(explanation.result()).isEqualTo(MatchResult.FALSE);
        assertThat(explanation.root().kind()).isEqualTo(Explanation.Step.Kind.AND);
        assertThat(explanation.root().steps()).extracting(Explanation.Step::result)
                .containsExactly(MatchResult.TRUE, MatchResult.FALSE, MatchResult.FALSE);
        Explanation.Step decided = explanation.decidedBy();
        assertThat(decided.text()).isEqualTo("data.quantity > 2");
        assertThat(expression.substring(decided.offset(), decided.offset() + decided.length())).isEqualTo("data.quantity > 2");
        assertThat(decided.values()).containsExactly(new Explanation.PathValue("data.quantity", false, "2"));
        assertThat(explanation.root().steps().get(2).values())
                .containsExactly(new Explanation.PathValue("data.x", true, null));
    }

    @Test
    void aTrueOrIsDecidedByItsFirstTrueOperandThroughNegations() {
        String expression = "data.a == 1 || !(data.tags[*] == 'x')";
        Explanation explanation = COMPILER.explain(expression, data(Map.of("a", 2, "tags", List.of("y", "z"))));

        assertThat(explanation.result()).isEqualTo(MatchResult.TRUE);
        Explanation.Step decided = explanation.decidedBy();
        assertThat(decided.text()).isEqualTo("data.tags[*] == 'x'");
        assertThat(decided.result()).isEqualTo(MatchResult.FALSE);
        assertThat(decided.values()).containsExactly(new Explanation.PathValue("data.tags[*]", false, "[\"y\",\"z\"]"));
    }

    @Test
    void anUndecidedResultIsDecidedByTheFailingFunctionAndATrueAndByTheWhole() {
        Explanation undecided = COMPILER.explain("data.a == 1 && boom(data.a)", data(Map.of("a", 1)));
        assertThat(undecided.result()).isEqualTo(MatchResult.UNDECIDED);
        assertThat(undecided.decidedBy().text()).isEqualTo("boom(data.a)");

        Explanation whole = COMPILER.explain("data.a == 1 && data.b == 2", data(Map.of("a", 1, "b", 2)));
        assertThat(whole.result()).isEqualTo(MatchResult.TRUE);
        assertThat(whole.decidedBy()).isSameAs(whole.root());
    }

    @Test
    void aConditionOverTheBudgetSaysSoAndABrokenExpressionIsACompileError() {
        Explanation explanation = COMPILER.explain("data.a[*] == data.b[*]", data(Map.of(
                "a", java.util.Collections.nCopies(100, 1), "b", java.util.Collections.nCopies(100, 2))));
        assertThat(explanation.root().problem()).startsWith("over the match budget: ");

        assertThatThrownBy(() -> COMPILER.explain("data.a ==", data(Map.of()))).isInstanceOf(MatchCompileException.class);
    }
}
