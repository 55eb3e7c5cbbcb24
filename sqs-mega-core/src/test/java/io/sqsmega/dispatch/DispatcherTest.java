package io.sqsmega.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.match.FunctionRegistry;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    private final MatchCompiler compiler = MatchCompiler.create(FunctionRegistry.of(
            MatchFunction.of("fails", 1, args -> {
                throw new IllegalStateException("down");
            })));

    private static MatchInput event(String name, int quantity) {
        return MatchInput.of(new Payload.Mega(MegaEvent.builder().name(name).timestamp(Instant.EPOCH)
                .attribute("quantity", quantity).build()));
    }

    private Subscription<String> subscription(String target, String expression, PayloadKind kind) {
        return new Subscription<>(expression == null ? compiler.acceptAll(kind) : compiler.compile(expression, kind),
                target);
    }

    @Test
    void returnsEveryMatchInRegistrationOrder() {
        Dispatcher<String> dispatcher = Dispatcher.of(List.of(
                subscription("all-events", null, PayloadKind.MEGA),
                subscription("added", "event.name == 'item.added'", PayloadKind.MEGA),
                subscription("big", "event.quantity > 10", PayloadKind.MEGA),
                subscription("added-or-removed", "event.name in ['item.added', 'item.removed']", PayloadKind.MEGA),
                subscription("texts", null, PayloadKind.TEXT)));

        assertThat(dispatcher.dispatch(event("item.added", 20)).matched())
                .containsExactly("all-events", "added", "big", "added-or-removed");
        assertThat(dispatcher.dispatch(event("item.removed", 1)).matched())
                .containsExactly("all-events", "added-or-removed");
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Text("hi"))).matched()).containsExactly("texts");
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Binary(new byte[1]))).isUnmatched()).isTrue();
    }

    @Test
    void indexesTheMostSelectivePathNotTheKindGuard() {
        List<Subscription<String>> subscriptions = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            subscriptions.add(subscription("s" + i, "event.name == 'name-" + i + "' && event.quantity > " + (i % 7),
                    PayloadKind.MEGA));
        }
        Dispatcher<String> dispatcher = Dispatcher.of(subscriptions);
        assertThat(dispatcher.indexedPaths()).extracting(Object::toString).containsExactly("event.name");
        assertThat(dispatcher.unindexedCount()).isZero();
        assertThat(dispatcher.dispatch(event("name-500", 6)).matched()).containsExactly("s500");
        assertThat(dispatcher.dispatch(event("name-500", 1)).isUnmatched()).isTrue();
    }

    @Test
    void reportsUndecidedSubscriptionsApart() {
        Dispatcher<String> dispatcher = Dispatcher.of(List.of(
                subscription("flaky", "fails(event.name)", PayloadKind.MEGA),
                subscription("added", "event.name == 'item.added'", PayloadKind.MEGA),
                subscription("guarded", "event.name == 'other' && fails(event.name)", PayloadKind.MEGA)));

        DispatchResult<String> result = dispatcher.dispatch(event("item.added", 1));
        assertThat(result.matched()).containsExactly("added");
        assertThat(result.undecided()).containsExactly("flaky");
        assertThat(result.isUnmatched()).isFalse();
    }

    @Test
    void numericStringsAndNumbersMeetInTheIndex() {
        Dispatcher<String> dispatcher = Dispatcher.of(List.of(
                subscription("five", "data.n == 5", PayloadKind.DATA),
                subscription("five-text", "data.n == '5'", PayloadKind.DATA)));
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Data(Map.of("n", "5")))).matched())
                .containsExactly("five", "five-text");
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Data(Map.of("n", 5.0)))).matched())
                .containsExactly("five", "five-text");
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Data(Map.of("n", "5.0")))).matched())
                .containsExactly("five");
    }

    @Test
    void existsAsAValueIsDecidedForEveryKind() {
        // Issue 12 #6: the kind pre-filter took these for data-only, so a text message matched 1 of 5.
        List<String> expressions = List.of("exists(data.x) == false", "!exists(data.x)", "exists(data.x) != true",
                "false == exists(data.x)", "exists(event.name) == false");
        List<Subscription<String>> subscriptions = new ArrayList<>();
        expressions.forEach(expression -> subscriptions.add(subscription(expression, expression, null)));
        Dispatcher<String> dispatcher = Dispatcher.of(subscriptions);

        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Text("hello"))).matched())
                .containsExactlyElementsOf(expressions);
        assertThat(dispatcher.dispatch(event("item.added", 1)).matched())
                .containsExactlyElementsOf(expressions.subList(0, 4));
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Data(Map.of("x", 1)))).matched())
                .containsExactly("exists(event.name) == false");
        // ...and compiling them for a kind without data.* is not refused.
        for (PayloadKind kind : PayloadKind.values()) {
            assertThat(compiler.compile("exists(data.x) == false", kind).possibleKinds()).contains(kind);
        }
    }

    @Test
    void aMissingSideIsFalseEvenWhenTheOtherSideIsUndecided() {
        Dispatcher<String> dispatcher = Dispatcher.of(List.of(
                subscription("contains", "text contains fails('x')", null),
                subscription("reversed", "fails('x') == text", null),
                subscription("text-only", "text == 'a'", null)));
        Subscription<String> contains = dispatcher.subscriptions().get(0);
        MatchInput data = MatchInput.of(new Payload.Data(Map.of("x", 1)));

        // text is missing on a data payload: false, as the kind pre-filter assumed (was undecided).
        assertThat(contains.matcher().evaluate(data)).isEqualTo(MatchResult.FALSE);
        assertThat(dispatcher.dispatch(data).isUnmatched()).isTrue();
        assertThat(dispatcher.dispatch(data).undecided()).isEmpty();
        // With the text there, the failing function leaves the first two undecided.
        assertThat(dispatcher.dispatch(MatchInput.of(new Payload.Text("a"))).undecided())
                .containsExactly("contains", "reversed");
    }
}
