package io.sqsmega.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.sqsmega.dispatch.DispatchResult;
import io.sqsmega.dispatch.DispatcherDifferentialTest;
import io.sqsmega.dispatch.Dispatcher;
import io.sqsmega.dispatch.Subscription;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchInput;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes dispatch: for the expressions that compile and a body that decodes, the indexed
 * dispatcher returns exactly what evaluating every matcher in order returns, matched and undecided.
 * When evaluating everything goes over the match budget, the dispatcher (which evaluates a subset)
 * may not; when it does not, the two must agree. Seeds: {@code dispatcher-seeds.json}.
 */
class DispatcherFuzzTest {

    static Stream<Arguments> dispatchEqualsEvaluatingEverything() {
        return Seeds.load("dispatcher-seeds.json", "expressions", "body", "attribute");
    }

    @MethodSource
    @FuzzTest(maxDuration = "5m")
    void dispatchEqualsEvaluatingEverything(@NotNull List<@NotNull String> expressions, @NotNull String body,
            @NotNull String attribute) {
        List<Subscription<Integer>> subscriptions = new ArrayList<>();
        for (String expression : expressions) {
            try {
                subscriptions.add(new Subscription<>(FuzzInputs.COMPILER.compile(expression), subscriptions.size()));
            }
            catch (MatchCompileException ex) {
                // Not a subscription; the compiler's own fuzz test looks at these.
            }
        }
        MatchInput input = FuzzInputs.message(body, attribute);
        if (subscriptions.isEmpty() || input == null) {
            return;
        }
        Dispatcher<Integer> dispatcher = Dispatcher.of(subscriptions);
        DispatchResult<Integer> everything;
        try {
            everything = FuzzBudget.timed("evaluating " + subscriptions.size() + " expressions on " + body.length()
                    + " characters", body.length(),
                    List.of(String.join("\n", expressions), body, attribute),
                    () -> DispatcherDifferentialTest.evaluateAll(subscriptions, input));
        }
        catch (MatchBudgetExceededException ex) {
            return;
        }
        DispatchResult<Integer> dispatched = dispatcher.dispatch(input);
        assertThat(dispatched).as("%s on %s", expressions, input).isEqualTo(everything);
    }
}
